"""Infrastructure and domain failures mapped to problem+json (never a stack trace)."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.api.adapters import writemodel as wm
from services.api.problems import problem_response

log = structlog.get_logger("services.api")

RETRY_AFTER_S = "2"


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database_unavailable", error=type(exc).__name__)
    resources = getattr(request.app.state, "resources", None)
    if resources is not None:
        resources.gate.trip()
    return problem_response(
        503, "unavailable", "The database is unavailable; retry shortly.",
        {"Retry-After": RETRY_AFTER_S},
    )


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    current = getattr(exc, "current_version", None)
    return problem_response(
        409, "conflict", "The resource has changed since the version you sent.",
        current_version=current,
    )


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return problem_response(404, "not-found", "No such resource.")


async def _invalid_state(_: Request, exc: Exception) -> JSONResponse:
    return problem_response(409, "invalid-state", str(exc) or "Not possible now.")


async def _idempotency_mismatch(_: Request, exc: Exception) -> JSONResponse:
    # 409 (not 422): the request is valid; the key is already bound to a different one.
    return problem_response(
        409, "idempotency-mismatch",
        "This Idempotency-Key was already used with a different request.",
        errors=[{"field": "header.Idempotency-Key", "message": "reused with another body"}],
    )


async def _unknown_profile(_: Request, exc: Exception) -> JSONResponse:
    return problem_response(
        422, "validation", "The client has no equipment profile of that name.",
        errors=[{"field": "body.equipment_profile", "message": str(exc)}],
    )


def install_failure_handlers(app: FastAPI) -> None:
    app.add_exception_handler(wm.UnknownEquipmentProfile, _unknown_profile)
    for exc_type in wm.UNAVAILABLE_ERRORS:
        app.add_exception_handler(exc_type, _unavailable)
    app.add_exception_handler(wm.Conflict, _conflict)
    for exc_type in wm.NOT_FOUND_ERRORS:
        app.add_exception_handler(exc_type, _not_found)
    for exc_type in wm.INVALID_STATE_ERRORS:
        app.add_exception_handler(exc_type, _invalid_state)
    app.add_exception_handler(wm.IdempotencyMismatch, _idempotency_mismatch)
