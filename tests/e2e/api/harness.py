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

from shared.events.topics import all_topic_names
from infra.postgres import provision
from infra.postgres.migrate import apply_migrations
from infra.settings import LocalStackSettings

REPO = Path(__file__).resolve().parents[3]


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
    configured = LocalStackSettings().kafka_bootstrap
    return configured if reachable(configured.split(",")[0]) else None


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
    """A database provisioned as in production: owned by spotter_owner, migrated by it, used
    by the services' role (which cannot create tables)."""
    settings = LocalStackSettings()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    provision.create_database(settings.admin_database_url, name)
    apply_migrations(_with_database(settings.owner_database_url, name))
    return name, _with_database(settings.database_url, name)


def _with_database(dsn: str, name: str) -> str:
    return dsn.rsplit("/", 1)[0] + f"/{name}"


def drop_database(name: str) -> None:
    provision.drop_database(LocalStackSettings().admin_database_url, name)


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
    # The owner of the same database: `spotter projections rebuild` runs DDL as it (on any port).
    owner = _with_database(LocalStackSettings().owner_database_url, dsn.rsplit("/", 1)[-1])
    env.update({
        "SPOTTER_DATABASE_URL": dsn, "SPOTTER_OWNER_DATABASE_URL": owner,
        "SPOTTER_TOPIC_PREFIX": prefix,
        "SPOTTER_KAFKA_BOOTSTRAP": kafka or "127.0.0.1:1", "SPOTTER_LOG_JSON": "true",
        "SPOTTER_LOG_LEVEL": "WARNING", "SPOTTER_API_PORT": str(port),
        "SPOTTER_RELAY_NAME": f"relay-{prefix}", "SPOTTER_PROJECTOR_GROUP_ID": f"proj-{prefix}",
        "SPOTTER_RELAY_POLL_INTERVAL_S": "0.2",
        "PYTHONPATH": str(REPO),
    })
    env.update(extra)
    return env
