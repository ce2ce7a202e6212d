"""Training sessions: request (202), read with long-poll, edit, approve, cancel, log."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from services.api import access_log
from services.api.access import visible_client, visible_session
from services.api.deps import ContextDep, PrincipalDep, ReadConnDep, ResourcesDep
from services.api.problems import Problem
from services.api.ratelimit import retry_after_header
from services.api.schemas.sessions import (
    SessionAccepted,
    SessionCancel,
    SessionChanged,
    SessionEdit,
    SessionLog,
    SessionNote,
    SessionRequest,
    SessionView,
)
from services.api.units import localize

router = APIRouter(tags=["sessions"])


@router.post(
    "/v1/clients/{client_id}/sessions",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SessionAccepted,
    responses={429: {"description": "Session generation rate limit for this key"}},
)
def request_session(
    client_id: UUID, body: SessionRequest, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep, response: Response,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    wait = res.limiter.take(str(principal.key_id))
    if wait > 0:
        raise Problem(429, "rate-limited", "Session generation rate limit reached for this key.",
                      headers={"Retry-After": retry_after_header(wait)})
    result = res.write.request_session(ctx, client_id, body)
    res.metrics.commands.labels("request_session").inc()
    response.headers["Location"] = f"/v1/sessions/{result['session_id']}"
    return result


@router.get("/v1/sessions/{session_id}", response_model=SessionView)
def get_session(
    session_id: UUID, principal: PrincipalDep, res: ResourcesDep, conn: ReadConnDep,
    request: Request,
    wait: Annotated[float, Query(ge=0, le=60, description="Long-poll seconds while requested")] = 0,
) -> dict[str, Any]:
    visible_session(res.write, principal, session_id)
    view = res.write.session_view(
        principal.organization_id, session_id, wait_s=min(wait, res.settings.max_wait_s)
    )
    access_log.record(conn, principal, request, client_id=UUID(str(view["client_id"])),
                      resource="session", kinds=["pain_flags", "session_log"])
    return localize(view, res.write.organization_unit(principal.organization_id))


def _change(
    action: str, session_id: UUID, ctx: Any, principal: Any, res: Any, body: Any
) -> dict[str, Any]:
    visible_session(res.write, principal, session_id)
    principal.require("admin", "trainer")
    result = getattr(res.write, f"{action}_session")(ctx, session_id, body)
    res.metrics.commands.labels(f"{action}_session").inc()
    return result


@router.post("/v1/sessions/{session_id}/approve", response_model=SessionChanged)
def approve_session(
    session_id: UUID, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
    body: SessionNote | None = None,
) -> dict[str, Any]:
    return _change("approve", session_id, ctx, principal, res, body or SessionNote())


@router.post("/v1/sessions/{session_id}/edit", response_model=SessionChanged)
def edit_session(
    session_id: UUID, body: SessionEdit, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep,
) -> dict[str, Any]:
    return _change("edit", session_id, ctx, principal, res, body)


@router.post("/v1/sessions/{session_id}/cancel", response_model=SessionChanged)
def cancel_session(
    session_id: UUID, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
    body: SessionCancel | None = None,
) -> dict[str, Any]:
    return _change("cancel", session_id, ctx, principal, res, body or SessionCancel())


@router.post("/v1/sessions/{session_id}/log", response_model=SessionChanged)
def log_session(
    session_id: UUID, body: SessionLog, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep,
) -> dict[str, Any]:
    return _change("log", session_id, ctx, principal, res, body)
