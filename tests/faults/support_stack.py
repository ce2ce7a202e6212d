"""A private stack for fault injection: its own PostgreSQL, Kafka and services on free ports and
a temporary local_dir, run through the project's own supervisor (infra.stack), so the shared
development stack is never touched. Services can be killed with SIGKILL and restarted, the
servers stopped and started again.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import tempfile
import time
from pathlib import Path

import httpx

from infra.kafka.server import KafkaServer
from infra.postgres.server import PostgresServer
from infra.processes import port_open
from infra.settings import LocalStackSettings
from infra.stack.registry import SERVICES
from infra.stack.servers import infra_down, infra_up
from infra.stack.services import ServiceProcess
from shared.platform.settings import REPO_ROOT
from tests.e2e.workflow_support import patched_environ

LAST_LOGS = Path(tempfile.gettempdir()) / "spotter_faults_last_logs"
SERVICE_ENV = {
    # The owner migrated the schema; the app role must not try to create tables.
    "SPOTTER_API_CREATE_TABLES": "false",
    "SPOTTER_RELAY_CREATE_TABLE": "false",
    "SPOTTER_RELAY_POLL_INTERVAL_S": "0.2",
    "SPOTTER_GENERATOR_METRICS_PORT": "0",
    # A private stack under test load: the per-key session limit is not what is tested here.
    "SPOTTER_API_SESSION_RATE_PER_MINUTE": "6000",
    "SPOTTER_API_SESSION_BURST": "500",
    "SPOTTER_LOG_LEVEL": "WARNING",
    "SPOTTER_LOG_JSON": "true",
}


def free_ports(n: int) -> list[int]:
    """Free ports below the ephemeral range: a client socket that the kernel happens to bind to
    a stopped server's port would connect to itself and pass for that server."""
    rng = random.Random()
    ports: list[int] = []
    while len(ports) < n:
        port = rng.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in ports and port + 1 not in ports:
            ports.append(port)
    return ports


class PrivateStack:
    def __init__(self) -> None:
        self.local = Path(tempfile.mkdtemp(prefix="spotter_faults_"))
        # PostgreSQL runs as an unprivileged system user when we are root: let it reach its dir.
        self.local.chmod(0o755)
        shared_libs = REPO_ROOT / ".local" / "kafka" / "libs"
        (self.local / "kafka").mkdir(parents=True)
        # The jars are read-only inputs: share them instead of downloading again.
        (self.local / "kafka" / "libs").symlink_to(shared_libs)
        pg, kafka, controller, api = free_ports(4)
        self.settings = LocalStackSettings(
            pg_port=pg, kafka_port=kafka, kafka_controller_port=controller, api_port=api,
            local_dir=self.local, topic_partitions=3, kafka_heap_mb=384,
            pg_max_connections=120, start_timeout_s=90,
        )
        self.base_url = f"http://127.0.0.1:{api}"
        self.lines: list[str] = []

    @property
    def env(self) -> dict[str, str]:
        """The environment of a process that talks to this stack (the CLI)."""
        return {**os.environ, **SERVICE_ENV, "SPOTTER_DATABASE_URL": self.settings.database_url,
                "SPOTTER_ADMIN_DATABASE_URL": self.settings.admin_database_url,
                "SPOTTER_KAFKA_BOOTSTRAP": self.settings.kafka_bootstrap}

    def up(self) -> None:
        infra_up(self.settings, self.lines.append)
        for service in SERVICES:
            self.start(service.name)

    def down(self) -> None:
        for service in reversed(SERVICES):
            self.proc(service.name).stop()
        infra_down(self.settings, self.lines.append)
        # The last run's logs stay readable after the data is gone (for a failure's post-mortem).
        shutil.rmtree(LAST_LOGS, ignore_errors=True)
        shutil.copytree(self.settings.logs_dir, LAST_LOGS, dirs_exist_ok=True)
        shutil.rmtree(self.local, ignore_errors=True)

    def proc(self, name: str) -> ServiceProcess:
        service = next(s for s in SERVICES if s.name == name)
        return ServiceProcess(service, self.settings)

    def start(self, name: str) -> float:
        """Start one service through infra.stack; seconds until it was healthy again."""
        started = time.monotonic()
        with patched_environ(SERVICE_ENV):
            self.proc(name).start()
        return time.monotonic() - started

    def kill9(self, name: str) -> None:
        pid = self.proc(name).pid()
        assert pid is not None, f"{name} is not running"
        os.kill(pid, signal.SIGKILL)
        # The leader turns zombie before its other threads have exited and closed the sockets.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
                self.proc(name).pid() is not None
                or name == "api" and port_open(self.settings.api_port)):
            time.sleep(0.05)

    def postgres(self) -> PostgresServer:
        return PostgresServer(self.settings)

    def kafka(self) -> KafkaServer:
        return KafkaServer(self.settings)

    def api_ready(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait_ready(self, timeout_s: float = 60) -> float:
        started = time.monotonic()
        while not self.api_ready():
            if time.monotonic() - started > timeout_s:
                raise AssertionError(f"API not ready after {timeout_s} s")
            time.sleep(0.2)
        return time.monotonic() - started
