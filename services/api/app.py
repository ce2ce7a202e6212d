"""The FastAPI application factory: ``create_app(settings)``; resources open in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI

from services.api import problems
from services.api.bootstrap import Resources, open_resources
from services.api.errors import install_failure_handlers
from services.api.metrics import ApiMetrics
from services.api.middleware import RequestContextMiddleware
from services.api.routers import ALL_ROUTERS
from services.api.settings import ApiSettings


def create_app(settings: ApiSettings | None = None, resources: Resources | None = None) -> FastAPI:
    """Build the app; PostgreSQL and the event store are opened when it starts, not here."""
    settings = settings or ApiSettings()
    metrics = resources.metrics if resources else ApiMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.threadpool_size
        owned = resources is None
        res = resources or open_resources(settings, metrics)
        app.state.resources = res
        try:
            yield
        finally:
            if owned:
                res.close()

    app = FastAPI(
        title="Spotter API",
        version="1.0.0",
        description="Event-sourced programming assistant for professional personal trainers.",
        lifespan=lifespan,
    )
    problems.install(app)
    install_failure_handlers(app)
    app.add_middleware(
        RequestContextMiddleware, metrics=metrics, max_body_bytes=settings.max_body_bytes
    )
    for router in ALL_ROUTERS:
        v1 = router.prefix.startswith("/v1") or any(
            getattr(r, "path", "").startswith("/v1") for r in router.routes)
        app.include_router(router, responses=problems.V1_PROBLEM_RESPONSES if v1 else None)
    return app
