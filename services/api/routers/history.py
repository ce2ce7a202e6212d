"""A client's exercise history and immutable event history (both health data: access-logged)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from services.api import access_log
from services.api.access import visible_client
from services.api.adapters import readmodel
from services.api.deps import MinVersion, PrincipalDep, ReadConnDep, ResourcesDep
from services.api.schemas.common import ResponseBody
from services.api.units import localize

router = APIRouter(prefix="/v1/clients/{client_id}", tags=["history"])


@router.get("/exercise-history", response_model=ResponseBody)
def exercise_history(
    client_id: UUID, principal: PrincipalDep, res: ResourcesDep, conn: ReadConnDep,
    request: Request, min_version: MinVersion = None,
    exercise_id: Annotated[str | None, Query(max_length=120)] = None,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    readmodel.wait_client(conn, client_id, min_version, res.settings.max_wait_s)
    history = readmodel.exercise_history(conn, principal.organization_id, client_id, exercise_id)
    access_log.record(conn, principal, request, client_id=client_id,
                      resource="exercise_history", kinds=["session_log"])
    return localize(history, res.write.organization_unit(principal.organization_id))


@router.get("/events", response_model=ResponseBody)
def client_events(
    client_id: UUID, principal: PrincipalDep, res: ResourcesDep, conn: ReadConnDep,
    request: Request, min_version: MinVersion = None,
    after: Annotated[int, Query(ge=0, description="Only events after this position")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    readmodel.wait_client(conn, client_id, min_version, res.settings.max_wait_s)
    events = readmodel.client_events(
        conn, principal.organization_id, client_id, after=after, limit=limit
    )
    access_log.record(conn, principal, request, client_id=client_id, resource="client_events",
                      kinds=["injuries", "pain_flags", "session_log"])
    return {"items": events}
