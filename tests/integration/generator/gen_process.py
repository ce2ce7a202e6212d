"""Start the real worker (``python -m services.generator``) as a child process for tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.integration.generator.gen_infra import KAFKA, TestDatabase, TestTopics

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_worker(db: TestDatabase, kafka_topics: TestTopics, log_path: Path, *,
                 group: str | None = None, metrics_port: int = 0,
                 extra_env: dict[str, str] | None = None) -> subprocess.Popen[Any]:
    env = {
        **os.environ,  # a test handing its environment to a child, not service config
        "SPOTTER_DATABASE_URL": db.app_dsn, "SPOTTER_KAFKA_BOOTSTRAP": KAFKA,
        "SPOTTER_TOPIC_PREFIX": kafka_topics.prefix, "SPOTTER_LOG_JSON": "true",
        "SPOTTER_GENERATOR_CONSUMER_GROUP": group or f"{kafka_topics.prefix}-gen",
        "SPOTTER_GENERATOR_METRICS_PORT": str(metrics_port),
        "SPOTTER_GENERATOR_WATERMARK_TIMEOUT_S": "1",
        **(extra_env or {}),
    }
    log = open(log_path, "ab")  # noqa: SIM115 - the child owns it until it exits
    return subprocess.Popen([sys.executable, "-m", "services.generator"], cwd=REPO, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
