"""Trainers: registration (with their first key), methodology, view, dashboard."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from services.api import access_log
from services.api.access import visible_trainer
from services.api.adapters import readmodel
from services.api.deps import ContextDep, PrincipalDep, ReadConnDep, ResourcesDep
from services.api.schemas.common import ResponseBody
from services.api.schemas.trainers import (
    MethodologyUpdated,
    TrainerCreate,
    TrainerCreated,
    TrainerView,
)
from shared.events.shapes import Methodology

router = APIRouter(prefix="/v1/trainers", tags=["trainers"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TrainerCreated)
def register_trainer(
    body: TrainerCreate, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
    response: Response,
) -> dict[str, Any]:
    principal.require("admin")
    result = res.write.register_trainer(ctx, body)
    res.metrics.commands.labels("register_trainer").inc()
    response.headers["Location"] = f"/v1/trainers/{result['id']}"
    return result


@router.put("/{trainer_id}/methodology", response_model=MethodologyUpdated)
def update_methodology(
    trainer_id: UUID, body: Methodology, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep,
) -> dict[str, Any]:
    visible_trainer(res.write, principal, trainer_id)
    principal.require("admin", "trainer")
    result = res.write.update_methodology(ctx, trainer_id, body)
    res.metrics.commands.labels("update_methodology").inc()
    return result


@router.get("/{trainer_id}", response_model=TrainerView)
def get_trainer(trainer_id: UUID, principal: PrincipalDep, res: ResourcesDep) -> dict[str, Any]:
    ref = visible_trainer(res.write, principal, trainer_id)
    return res.write.trainer_view(ref)


@router.get("/{trainer_id}/dashboard", response_model=ResponseBody)
def trainer_dashboard(
    trainer_id: UUID, principal: PrincipalDep, res: ResourcesDep, conn: ReadConnDep,
    request: Request,
) -> dict[str, Any]:
    visible_trainer(res.write, principal, trainer_id)
    dashboard = readmodel.trainer_dashboard(conn, principal.organization_id, trainer_id)
    # The dashboard lists recent pain flags: health data, so the read is logged.
    access_log.record(conn, principal, request, client_id=None, resource="trainer_dashboard",
                      kinds=["pain_flags"])
    return dashboard
