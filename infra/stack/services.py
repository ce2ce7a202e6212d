"""The project's own processes (api, relay, projector, generator), run in the background."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from dataclasses import dataclass

import httpx
import psutil

from infra.processes import (
    StackError,
    alive,
    ensure_port_free,
    log_tail,
    read_pid,
    spawn,
    terminate,
    wait_until,
)
from infra.settings import LocalStackSettings

# Workers without an HTTP endpoint count as healthy once they have stayed up this long.
SETTLE_S = 3.0


@dataclass(frozen=True)
class Service:
    name: str
    module: str
    health_path: str | None = None  # HTTP path on the API port, when the service serves one

    def built(self) -> bool:
        """True when `python -m module` would find something to run."""
        try:
            spec = importlib.util.find_spec(self.module)
            if spec is None:
                return False
            if spec.submodule_search_locations is not None:
                return importlib.util.find_spec(f"{self.module}.__main__") is not None
            return True
        except (ImportError, ValueError):
            return False


class ServiceProcess:
    def __init__(self, service: Service, settings: LocalStackSettings) -> None:
        self.service = service
        self.settings = settings
        self.pid_file = settings.run_dir / f"{service.name}.pid"
        self.log_file = settings.logs_dir / f"{service.name}.log"
        self.marker = f"-m {service.module}"

    @property
    def url(self) -> str | None:
        if self.service.health_path is None:
            return None
        return f"http://127.0.0.1:{self.settings.api_port}"

    def pid(self) -> int | None:
        pid = read_pid(self.pid_file)
        return pid if alive(pid, self.marker) else None

    def healthy(self) -> bool:
        pid = self.pid()
        if pid is None:
            return False
        if self.service.health_path is None:
            return time.time() - _started_at(pid) >= SETTLE_S
        try:
            response = httpx.get(f"{self.url}{self.service.health_path}", timeout=2.0)
            return response.status_code == 200
        except httpx.HTTPError:
            return False

    def start(self) -> bool:
        if self.pid() is not None:
            return False
        if self.service.health_path is not None:
            ensure_port_free(self.settings.api_port, self.service.name, "SPOTTER_API_PORT")
        pid = spawn(
            [sys.executable, "-m", self.service.module],
            self.log_file,
            self.pid_file,
            self.settings.repo_root,
            env=self._env(),
        )
        ok = wait_until(
            lambda: not alive(pid) or self.healthy(), self.settings.start_timeout_s, 0.3
        )
        if not ok or not alive(pid):
            raise StackError(
                f"{self.service.name} did not become healthy (see {self.log_file}): "
                f"{log_tail(self.log_file, 3)}"
            )
        return True

    def stop(self) -> bool:
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        terminate(pid, grace_s=15)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _env(self) -> dict[str, str]:
        # The child inherits the caller's environment plus the resolved addresses, so a service
        # reading only InfraSettings sees the same ports as the supervisor.
        env = dict(os.environ)
        env.update(
            SPOTTER_DATABASE_URL=self.settings.database_url,
            SPOTTER_ADMIN_DATABASE_URL=self.settings.admin_database_url,
            SPOTTER_KAFKA_BOOTSTRAP=self.settings.kafka_bootstrap,
            SPOTTER_API_PORT=str(self.settings.api_port),
            PYTHONUNBUFFERED="1",
        )
        return env


def _started_at(pid: int) -> float:
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return time.time()
