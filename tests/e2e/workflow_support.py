"""The stack the workflow tests drive: the project's own services, started through infra.stack on
the PostgreSQL and Kafka that `make test` runs, with a private database, topic prefix and API
port (stopped and dropped afterwards). A dev stack that may already run (with a database this
process cannot know) is neither reused nor disturbed.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from infra.kafka.server import KafkaServer
from infra.kafka.topics import create_project_topics
from infra.postgres.migrate import apply_migrations
from infra.postgres.provision import create_database, drop_database, ensure_roles
from infra.settings import LocalStackSettings
from infra.stack.registry import SERVICES
from infra.stack.services import ServiceProcess

REPO = Path(__file__).resolve().parents[2]


@dataclass
class RunningStack:
    base_url: str
    settings: LocalStackSettings
    cli_env: dict[str, str]
    started: list[ServiceProcess] = field(default_factory=list)

    def create_org(self, name: str) -> dict[str, str]:
        """`spotter admin create-org NAME --json`, the documented bootstrap."""
        done = subprocess.run(
            [sys.executable, "-m", "services.api.cli.main", "admin", "create-org", name, "--json"],
            env=self.cli_env, capture_output=True, text=True, timeout=60, cwd=REPO, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"create-org failed: {done.stderr.strip()}")
        return json.loads(done.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_env(settings: LocalStackSettings, tag: str) -> dict[str, str]:
    """What the children need beyond what ServiceProcess passes: names unique to this stack."""
    return {
        "SPOTTER_TOPIC_PREFIX": settings.topic_prefix,
        "SPOTTER_RELAY_NAME": f"relay-{tag}",
        "SPOTTER_RELAY_POLL_INTERVAL_S": "0.2",
        "SPOTTER_PROJECTOR_GROUP_ID": f"projector-{tag}",
        "SPOTTER_GENERATOR_CONSUMER_GROUP": f"generator-{tag}",
        "SPOTTER_GENERATOR_METRICS_PORT": "0",
        # The schema belongs to spotter_owner and is migrated before start: the app role
        # cannot (and need not) create tables.
        "SPOTTER_API_CREATE_TABLES": "false",
        "SPOTTER_RELAY_CREATE_TABLE": "false",
        "SPOTTER_LOG_LEVEL": "WARNING",
        "SPOTTER_LOG_JSON": "true",
    }


@contextmanager
def patched_environ(values: dict[str, str]) -> Iterator[None]:
    # ServiceProcess hands its children a copy of this process's environment.
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def start_services(settings: LocalStackSettings) -> list[ServiceProcess]:
    """Start every built service that is not healthy; the ones started, for stop_services."""
    started: list[ServiceProcess] = []
    try:
        for service in SERVICES:
            if not service.built():
                continue
            proc = ServiceProcess(service, settings)
            if proc.healthy():
                continue
            proc.start()
            started.append(proc)
    except BaseException:
        stop_services(started)
        raise
    return started


def stop_services(started: list[ServiceProcess]) -> None:
    for proc in reversed(started):
        proc.stop()


@contextmanager
def workflow_stack() -> Iterator[RunningStack]:
    base = LocalStackSettings()
    if not KafkaServer(base).answers(timeout_ms=3000):
        raise RuntimeError(f"Kafka is not running at {base.kafka_bootstrap}: run `make infra-up`")
    tag = uuid.uuid4().hex[:8]
    name = f"spotter_wf_{tag}"
    ensure_roles(base.admin_database_url)
    create_database(base.admin_database_url, name)
    local = Path(tempfile.mkdtemp(prefix=f"spotter_wf_{tag}_"))
    try:
        settings = LocalStackSettings(
            database_url=_with_db(base.database_url, name),
            owner_database_url=_with_db(base.owner_database_url, name),
            api_port=free_port(), local_dir=local, topic_prefix=f"wf{tag}",
            topic_partitions=3,
        )
        apply_migrations(settings.owner_database_url)
        create_project_topics(settings.kafka_bootstrap, settings.topic_prefix, 3)
        extra = service_env(settings, tag)
        with patched_environ(extra):
            started = start_services(settings)
        try:
            env = {**os.environ, **extra, "SPOTTER_DATABASE_URL": settings.database_url}
            yield RunningStack(f"http://127.0.0.1:{settings.api_port}", settings, env, started)
        finally:
            stop_services(started)
        shutil.rmtree(local, ignore_errors=True)  # kept (logs) only when something failed
    finally:
        drop_database(base.admin_database_url, name)


def _with_db(url: str, name: str) -> str:
    head, _, _ = url.rpartition("/")
    return f"{head}/{name}"
