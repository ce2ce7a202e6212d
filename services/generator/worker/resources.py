"""The worker's resources, opened in one place (nothing connects at import time)."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from services.generator.adapters.engine import EngineAdapter
from services.generator.adapters.ports import EnginePort
from services.generator.adapters.writemodel import open_write_model
from services.generator.llm.client import LlmClient
from services.generator.settings import GeneratorSettings
from services.generator.worker.handlers import HandlerDeps
from shared.writemodel.application import SpotterApplication


# libpq options: a bounded connect, and keepalives so a dead peer is noticed within ~30 s.
CONNECT_OPTIONS = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10,
                   "keepalives_interval": 5, "keepalives_count": 3}


@dataclass
class Resources:
    deps: HandlerDeps
    stack: ExitStack

    def close(self) -> None:
        self.stack.close()


def open_resources(settings: GeneratorSettings, engine: EnginePort | None = None) -> Resources:
    stack = ExitStack()
    dsn = settings.infra.database_url
    # Autocommit: each read sees the latest commits and the watermark wait can LISTEN.
    # No check at checkout (it backs off between dead connections after a restart): a dead one
    # fails its statement, and the retry purges them all (worker/reconnect.py). The timeouts
    # turn a vanished server into an error (retried), never a hang.
    pool = ConnectionPool(dsn, min_size=1, max_size=settings.db_pool_size,
                          kwargs={"autocommit": True, **CONNECT_OPTIONS}, open=True,
                          name="generator", timeout=10, reconnect_timeout=24 * 3600)
    stack.callback(pool.close)
    app: SpotterApplication = open_write_model(dsn)
    stack.callback(app.close)
    llm = LlmClient(settings.llm) if settings.llm.model else None
    deps = HandlerDeps(
        app=app, pool=pool, engine=engine or EngineAdapter(), llm=llm,
        default_mode=settings.default_mode, watermark_timeout_s=settings.watermark_timeout_s,
        history_days=settings.history_days,
    )
    return Resources(deps, stack)
