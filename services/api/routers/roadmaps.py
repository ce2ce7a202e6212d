"""A client's roadmap: generate (engine) and read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, status

from services.api.access import visible_client
from services.api.deps import ContextDep, PrincipalDep, ResourcesDep
from services.api.schemas.roadmaps import RoadmapGenerate, RoadmapView

router = APIRouter(prefix="/v1/clients/{client_id}/roadmap", tags=["roadmaps"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=RoadmapView)
def generate_roadmap(
    client_id: UUID, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
    body: RoadmapGenerate | None = None,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    result = res.write.generate_roadmap(ctx, client_id, body or RoadmapGenerate())
    res.metrics.commands.labels("generate_roadmap").inc()
    return result


@router.get("", response_model=RoadmapView)
def get_roadmap(client_id: UUID, principal: PrincipalDep, res: ResourcesDep) -> dict[str, Any]:
    ref = visible_client(res.write, principal, client_id)
    return res.write.roadmap_view(ref)
