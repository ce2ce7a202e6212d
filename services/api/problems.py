"""RFC 9457 problem details: one exception type, stable ``type`` URIs, and the handlers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_BASE = "https://spotter.dev/problems/"
MEDIA_TYPE = "application/problem+json"

TITLES: dict[str, str] = {
    "validation": "Request validation failed",
    "unauthorized": "Missing or invalid API key",
    "forbidden": "Not allowed for this role",
    "not-found": "Resource not found",
    "conflict": "Version conflict",
    "idempotency-mismatch": "Idempotency key reused with a different request",
    "payload-too-large": "Request body too large",
    "rate-limited": "Too many requests",
    "unavailable": "Service temporarily unavailable",
    "method-not-allowed": "Method not allowed",
    "not-acceptable": "Not acceptable",
    "unsupported-media-type": "Unsupported media type",
    "invalid-state": "Not possible in the current state",
    "timeout": "Read model did not catch up in time",
    "internal": "Internal error",
}
STATUS_KINDS = {
    400: "validation", 401: "unauthorized", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 406: "not-acceptable", 409: "conflict",
    413: "payload-too-large", 415: "unsupported-media-type", 422: "validation",
    429: "rate-limited", 503: "unavailable", 504: "timeout",
}


class Problem(Exception):
    """Raised anywhere in a request; rendered as application/problem+json."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_body(status: int, kind: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": PROBLEM_BASE + kind,
        "title": TITLES.get(kind, kind.replace("-", " ").capitalize()),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem_response(
    status: int, kind: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, kind, detail, **extra),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def not_found(what: str = "resource") -> Problem:
    return Problem(404, "not-found", f"No such {what}.")


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        errors.append(
            {"field": ".".join(loc), "message": err.get("msg", ""), "type": err.get("type")}
        )
    return errors


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.kind, exc.detail, exc.headers, **exc.extra)


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _field_errors(exc)
    fields = sorted({e["field"] for e in errors})
    return problem_response(
        422, "validation", "Invalid fields: " + ", ".join(fields), errors=errors
    )


async def _on_http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    kind = STATUS_KINDS.get(exc.status_code, "internal")
    return problem_response(
        exc.status_code, kind, str(exc.detail), dict(exc.headers or {}) or None
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)


class ProblemDocument(BaseModel):
    """The RFC 9457 body of every error (documented in OpenAPI for each route)."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str


def _doc(description: str) -> dict[str, Any]:
    return {"description": description, "model": ProblemDocument,
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDocument"}}}}


# Errors any authenticated /v1 route may answer.
V1_PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _doc("Missing, unknown or revoked API key"),
    403: _doc("The key's role may not do this"),
    404: _doc("No such resource in the caller's organization"),
    409: _doc("Version conflict (carries current_version) or not possible in this state"),
    413: _doc("Request body over the limit"),
    422: _doc("Invalid request; `errors` names the fields"),
    429: _doc("Rate limited; see Retry-After"),
    503: _doc("Database unavailable; see Retry-After"),
    504: _doc("Read model did not catch up within the bounded wait"),
}
