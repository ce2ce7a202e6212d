"""The relay's one settings object (env prefix ``SPOTTER_RELAY_``), embedding the shared infra."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.platform.settings import InfraSettings


class RelaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_RELAY_", extra="ignore")

    # One row in relay_positions and one advisory lock per name: relays sharing a name are one
    # active relay plus hot standbys.
    name: str = Field(default="spotter", min_length=1, max_length=100)
    # Notifications per select; one producer flush and one position write per batch.
    batch_size: int = Field(default=2000, ge=1, le=20_000)
    # Processes that decode and map events while the relay publishes (0: map in-process).
    map_workers: int = Field(default=1, ge=0, le=8)
    # Batches up to this size are mapped in-process even with workers (latency of live traffic).
    map_inline_max: int = Field(default=32, ge=0, le=20_000)
    # Fallback poll when no NOTIFY arrives (a lost notification costs at most this long).
    poll_interval_s: float = Field(default=2.0, gt=0, le=60)
    # How often a standby retries the advisory lock.
    standby_retry_s: float = Field(default=0.5, gt=0, le=30)
    # Kafka unavailable: exponential backoff between these bounds.
    backoff_initial_s: float = Field(default=0.5, gt=0, le=60)
    backoff_max_s: float = Field(default=15.0, gt=0, le=600)
    # Producer tuning (same values are used by bench/relay_bench.py for the raw baseline).
    linger_ms: int = Field(default=5, ge=0, le=1000)
    producer_batch_bytes: int = Field(default=256 * 1024, ge=1024)
    compression_type: str | None = None
    request_timeout_ms: int = Field(default=10_000, ge=1000)
    delivery_timeout_ms: int = Field(default=600_000, ge=2000)
    # A batch not acknowledged within this long counts as "Kafka unavailable".
    flush_timeout_s: float = Field(default=30.0, gt=0)
    max_block_ms: int = Field(default=10_000, ge=100)
    # Run infra/migrations/0300_relay_position.sql at start (tests on unmigrated databases only:
    # the migrations own the schema and the services' role cannot create tables).
    create_table: bool = False
    # Create the event store table when missing (normally the API or the migration does).
    create_event_store_table: bool = False
    infra: InfraSettings = Field(default_factory=InfraSettings)

    @model_validator(mode="after")
    def _backoff_bounds(self) -> RelaySettings:
        if self.backoff_max_s < self.backoff_initial_s:
            raise ValueError("backoff_max_s must be >= backoff_initial_s")
        if self.delivery_timeout_ms / 1000 <= self.flush_timeout_s:
            raise ValueError("delivery_timeout_ms must exceed flush_timeout_s (see publisher.py)")
        if self.delivery_timeout_ms < self.request_timeout_ms + self.linger_ms:
            raise ValueError("delivery_timeout_ms must be >= request_timeout_ms + linger_ms")
        return self
