"""The API's one settings object (env prefix ``SPOTTER_API_``), embedding the shared infra."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.platform.settings import InfraSettings


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_API_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    # Worker processes (each with its own pools, auth cache and rate-limit buckets).
    workers: int = Field(default=1, ge=1, le=32)
    read_pool_min: int = Field(default=2, ge=1)
    read_pool_max: int = Field(default=5, ge=1)
    # Bodies larger than this are refused with 413 before they are parsed.
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    # Threads for the sync routes (long-polls hold one each while they wait).
    threadpool_size: int = Field(default=64, ge=8, le=1000)
    # Upper bound for ?min_version= and ?wait= waits: a request never hangs longer.
    max_wait_s: float = Field(default=10.0, gt=0, le=60)
    # Session long-polls wake on the event store's NOTIFY (one LISTEN connection per worker);
    # they still re-read this often, so a lost notification only costs latency.
    session_wait_notify: bool = True
    session_wait_recheck_s: float = Field(default=1.0, gt=0, le=10)
    # Positive auth results are cached this long; revocation takes effect within it.
    auth_cache_ttl_s: float = Field(default=2.0, ge=0, le=2.0)
    # Session generation rate limit per API key (token bucket).
    session_rate_per_minute: float = Field(default=60.0, gt=0)
    session_burst: int = Field(default=20, ge=1)
    # Tables come from the migrations (owner role); the app role cannot create them.
    create_tables: bool = False
    # Event-store connections (pool size, and again as overflow) and how long a request waits
    # for one before answering 503.
    event_store_pool_size: int = Field(default=5, ge=1, le=100)
    database_timeout_s: int = Field(default=3, ge=1, le=60)
    infra: InfraSettings = Field(default_factory=InfraSettings)
