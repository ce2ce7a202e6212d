"""Runs the real API (and, when built, the relay and projector) as processes for e2e tests.

Each test module gets its own PostgreSQL database (owned by the app role, dropped afterwards)
and its own Kafka topic prefix, so parallel engineers and modules never share state.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from shared.events.topics import all_topic_names
from shared.platform.settings import InfraSettings

REPO = Path(__file__).resolve().parents[3]
MIGRATIONS = [REPO / "infra/migrations/0200_read_models.sql",
              REPO / "infra/migrations/0400_api_access_log.sql"]
APP_ROLE = ("spotter_app", "spotter_app")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reachable(hostport: str) -> bool:
    host, _, port = hostport.partition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return True
    except OSError:
        return False


def kafka_bootstrap() -> str | None:
    configured = InfraSettings().kafka_bootstrap
    for candidate in (configured, "127.0.0.1:19092"):
        if reachable(candidate.split(",")[0]):
            return candidate
    return None


def built(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@dataclass
class Stack:
    base_url: str
    database_url: str
    env: dict[str, str]
    kafka: str | None
    with_projector: bool
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def spotter(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "services.api.cli.main", *args], env=self.env,
            capture_output=True, text=True, timeout=60,
        )

    def create_org(self, name: str, unit: str = "kg") -> dict[str, Any]:
        done = self.spotter("admin", "create-org", name, "--unit", unit, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def http(self, key: str | None = None, **kw: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30, **kw)


def create_database(prefix: str) -> tuple[str, str]:
    admin = InfraSettings().admin_database_url
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER {APP_ROLE[0]}')
    # The app role on whatever server the settings point at (SPOTTER_PG_PORT moves it).
    dsn = InfraSettings().database_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        for path in MIGRATIONS:
            conn.execute(path.read_text())  # type: ignore[arg-type]
    return name, dsn


def drop_database(name: str) -> None:
    admin = InfraSettings().admin_database_url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_topics(bootstrap: str, prefix: str) -> None:
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="h-api-tests")
    try:
        admin.create_topics([NewTopic(t, 3, 1) for t in all_topic_names(prefix)])
    finally:
        admin.close()


def delete_topics(bootstrap: str, prefix: str) -> None:
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="h-api-tests")
    try:
        admin.delete_topics(list(all_topic_names(prefix)))
    except Exception:  # best effort cleanup
        pass
    finally:
        admin.close()


def start_process(module: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    return subprocess.Popen([sys.executable, "-m", module], env=env, stdout=out, stderr=out,
                            cwd=REPO)


def wait_healthy(base_url: str, proc: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"API exited with {proc.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("API did not become healthy")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def base_env(dsn: str, kafka: str | None, prefix: str, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOTTER_")}
    env.update({
        "SPOTTER_DATABASE_URL": dsn, "SPOTTER_TOPIC_PREFIX": prefix,
        "SPOTTER_KAFKA_BOOTSTRAP": kafka or "127.0.0.1:1", "SPOTTER_LOG_JSON": "true",
        "SPOTTER_LOG_LEVEL": "WARNING", "SPOTTER_API_PORT": str(port),
        "SPOTTER_RELAY_NAME": f"relay-{prefix}", "SPOTTER_PROJECTOR_GROUP_ID": f"proj-{prefix}",
        "SPOTTER_RELAY_POLL_INTERVAL_S": "0.2",
        "PYTHONPATH": str(REPO),
    })
    env.update(extra)
    return env
