"""The composition root: opens the event-store application, the read-model pool and helpers.

Nothing here runs at import time; ``open_resources`` is called by the app's lifespan (or by a
test that wants to share resources).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import structlog
from psycopg_pool import ConnectionPool

from services.api.adapters.kafka_probe import KafkaProbe
from services.api.adapters.store_wakeups import StoreWakeups
from services.api.adapters.writemodel import WriteModel
from services.api.auth.keys import KeyAuthenticator
from services.api.dbgate import DatabaseGate
from services.api.metrics import ApiMetrics
from services.api.ratelimit import RateLimiter
from services.api.settings import ApiSettings

log = structlog.get_logger("services.api")

ACCESS_LOG_DDL = Path(__file__).resolve().parents[2] / "infra/migrations/0400_api_access_log.sql"


@dataclass
class Resources:
    settings: ApiSettings
    write: WriteModel
    pool: ConnectionPool
    metrics: ApiMetrics
    keys: KeyAuthenticator
    limiter: RateLimiter
    kafka: KafkaProbe
    gate: DatabaseGate
    extras: dict[str, object] = field(default_factory=dict)

    def close(self) -> None:
        self.gate.close()
        self.kafka.close()
        self.pool.close()
        self.write.close()


def open_resources(settings: ApiSettings, metrics: ApiMetrics | None = None) -> Resources:
    infra = settings.infra
    write = WriteModel.open(
        infra.database_url, create_table=settings.create_tables,
        pool_size=settings.event_store_pool_size, connect_timeout_s=settings.database_timeout_s,
    )
    if settings.session_wait_notify:
        write.wakeups = StoreWakeups.for_recorder(
            infra.database_url, write.app.recorder, connect_timeout_s=settings.database_timeout_s)
        write.wake_recheck_s = settings.session_wait_recheck_s
        write.wakeups.start()
    if settings.create_tables:
        ensure_access_log(infra.database_url)
    pool = ConnectionPool(
        infra.database_url,
        min_size=settings.read_pool_min,
        max_size=settings.read_pool_max,
        kwargs={"autocommit": True},
        # A dead connection (PostgreSQL restarted) is replaced instead of failing a request.
        check=ConnectionPool.check_connection,
        timeout=float(settings.database_timeout_s),
        open=False,
        name="api-read",
    )
    pool.open(wait=False)
    gate = DatabaseGate(pool)
    gate.start()
    kafka = KafkaProbe(infra.kafka_bootstrap)
    kafka.start()
    log.info("api_resources_opened", database=_redact(infra.database_url))
    return Resources(
        settings=settings,
        write=write,
        pool=pool,
        metrics=metrics or ApiMetrics(),
        keys=KeyAuthenticator(write.authenticate, settings.auth_cache_ttl_s),
        limiter=RateLimiter(settings.session_rate_per_minute, settings.session_burst),
        kafka=kafka,
        gate=gate,
    )


def ensure_access_log(database_url: str) -> None:
    """Create the access-log table if the migration has not (idempotent DDL)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('api_access_log')").fetchone()
        if exists and exists[0] is None:
            conn.execute(ACCESS_LOG_DDL.read_text())  # type: ignore[arg-type]


def _redact(url: str) -> str:
    return url.split("@")[-1]
