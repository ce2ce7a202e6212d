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
    pool = ConnectionPool(dsn, min_size=1, max_size=settings.db_pool_size,
                          kwargs={"autocommit": True}, open=True, name="generator")
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
