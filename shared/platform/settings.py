"""Infrastructure settings shared by every service.

Each service declares its own settings class (env prefix ``SPOTTER_API_``, ``SPOTTER_GENERATOR_``,
...) and embeds :class:`InfraSettings`, whose variables use the plain ``SPOTTER_`` prefix so that
one environment configures the whole local stack. Nothing else in the code base reads
``os.environ``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class InfraSettings(BaseSettings):
    """Where PostgreSQL and Kafka are, and how logs are written."""

    model_config = SettingsConfigDict(env_prefix="SPOTTER_", extra="ignore")

    # The services' (non-superuser) connection. The admin DSN is for provisioning and tests only.
    database_url: str = "postgresql://spotter_app:spotter_app@127.0.0.1:5432/spotter"
    admin_database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    kafka_bootstrap: str = "127.0.0.1:9092"
    topic_partitions: int = Field(default=6, ge=1, le=256)
    topic_prefix: str = "spotter"
    log_level: str = "INFO"
    log_json: bool | None = None  # None: JSON when stderr is not a terminal
    local_dir: Path = REPO_ROOT / ".local"
