"""Liveness, readiness (PostgreSQL and Kafka) and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.api.deps import ResourcesDep

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: PostgreSQL and Kafka reachable",
    responses={503: {"description": "A dependency is down"}},
)
def readyz(res: ResourcesDep) -> JSONResponse:
    checks: dict[str, dict[str, object]] = {}
    try:
        with res.pool.connection(timeout=2.0) as conn:
            conn.execute("SELECT 1")
        checks["postgres"] = {"ok": True}
    except Exception as exc:  # any failure means "not ready"
        checks["postgres"] = {"ok": False, "error": type(exc).__name__}
    ok, detail = res.kafka.check()
    checks["kafka"] = {"ok": ok, "detail": detail}
    ready = all(bool(c["ok"]) for c in checks.values())
    headers = None if ready else {"Retry-After": "5"}
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
        headers=headers,
    )


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(res: ResourcesDep) -> Response:
    return Response(generate_latest(res.metrics.registry), media_type=CONTENT_TYPE_LATEST)
