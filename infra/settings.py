"""Settings of the local stack (ports, paths, limits), on top of the shared InfraSettings.

The variables keep the plain ``SPOTTER_`` prefix. When only ``SPOTTER_PG_PORT`` or
``SPOTTER_KAFKA_PORT`` is given, the connection URLs that were not set explicitly follow it, so
one variable moves the whole stack to another port.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pydantic import model_validator

from shared.platform.settings import REPO_ROOT, InfraSettings

OWNER_ROLE = "spotter_owner"
APP_ROLE = "spotter_app"
DATABASE = "spotter"


def dsn(user: str, password: str | None, port: int, database: str) -> str:
    auth = f"{user}:{password}" if password else user
    return f"postgresql://{auth}@127.0.0.1:{port}/{database}"


def _with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    auth = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(parts._replace(netloc=f"{auth}{host}:{port}"))


class LocalStackSettings(InfraSettings):
    """Everything ``make`` and ``python -m infra.*`` need to run PostgreSQL, Kafka and services."""

    pg_port: int = 5432
    pg_max_connections: int = 300
    # Server memory and checkpoint sizes for a host that runs the whole stack, not PostgreSQL's
    # defaults for a small shared host (128 MB of buffers, a checkpoint every 1 GB of log):
    # a million-event rebuild writes ~2 GB of read-model tables. Durability (fsync,
    # synchronous_commit) keeps its defaults.
    pg_shared_buffers: str = "1GB"
    pg_work_mem: str = "16MB"
    pg_maintenance_work_mem: str = "256MB"
    pg_max_wal_size: str = "4GB"
    # spotter_owner runs migrations; its password only guards 127.0.0.1 on a dev machine.
    owner_database_url: str = ""
    kafka_port: int = 9092
    kafka_controller_port: int = 0  # 0: kafka_port + 1
    kafka_heap_mb: int = 512
    api_port: int = 8000
    start_timeout_s: float = 60.0
    # Set by `make test`: integration fixtures fail instead of skipping when a server is down.
    require_infra: bool = False

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        # A port passed in code (a test's private server) beats URLs inherited from the
        # environment: those describe the shared stack, not this one.
        if "pg_port" in values:
            for field in ("database_url", "admin_database_url", "owner_database_url"):
                if field not in values:
                    setattr(self, field, _with_port(getattr(self, field), self.pg_port))
        if "kafka_port" in values and "kafka_bootstrap" not in values:
            self.kafka_bootstrap = f"127.0.0.1:{self.kafka_port}"

    @model_validator(mode="after")
    def _follow_ports(self) -> LocalStackSettings:
        explicit = self.model_fields_set
        if "database_url" not in explicit:
            self.database_url = dsn(APP_ROLE, APP_ROLE, self.pg_port, DATABASE)
        if "admin_database_url" not in explicit:
            self.admin_database_url = dsn("postgres", None, self.pg_port, "postgres")
        if not self.owner_database_url:
            self.owner_database_url = dsn(OWNER_ROLE, OWNER_ROLE, self.pg_port, DATABASE)
        if "kafka_bootstrap" not in explicit:
            self.kafka_bootstrap = f"127.0.0.1:{self.kafka_port}"
        if not self.kafka_controller_port:
            self.kafka_controller_port = self.kafka_port + 1
        return self

    @property
    def repo_root(self) -> Path:
        return REPO_ROOT

    @property
    def logs_dir(self) -> Path:
        return self.local_dir / "logs"

    @property
    def run_dir(self) -> Path:
        return self.local_dir / "run"
