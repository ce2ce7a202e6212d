"""The access log of health-data reads, for admins."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from services.api import access_log
from services.api.deps import PrincipalDep, ReadConnDep
from services.api.schemas.common import ResponseBody

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/access-log", response_model=ResponseBody)
def access_log_entries(
    principal: PrincipalDep, conn: ReadConnDep,
    client_id: Annotated[UUID | None, Query()] = None,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    principal.require("admin")
    items = access_log.query(
        conn, principal.organization_id, after=after, client_id=client_id, limit=limit
    )
    return {"items": items, "next_after": items[-1]["id"] if items else None}
