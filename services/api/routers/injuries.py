"""Injuries of a client: report, update, resolve."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, status

from services.api.access import visible_client
from services.api.deps import ContextDep, PrincipalDep, ResourcesDep
from services.api.schemas.clients import InjuryCreate, InjuryCreated, InjuryPatch, InjuryResolve
from services.api.schemas.common import Versioned

router = APIRouter(prefix="/v1/clients/{client_id}/injuries", tags=["injuries"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=InjuryCreated)
def report_injury(
    client_id: UUID, body: InjuryCreate, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    result = res.write.report_injury(ctx, client_id, body)
    res.metrics.commands.labels("report_injury").inc()
    return result


@router.patch("/{injury_id}", response_model=Versioned)
def update_injury(
    client_id: UUID, injury_id: UUID, body: InjuryPatch, ctx: ContextDep,
    principal: PrincipalDep, res: ResourcesDep,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    result = res.write.update_injury(ctx, client_id, injury_id, body)
    res.metrics.commands.labels("update_injury").inc()
    return result


@router.post("/{injury_id}/resolve", response_model=Versioned)
def resolve_injury(
    client_id: UUID, injury_id: UUID, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep, body: InjuryResolve | None = None,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    result = res.write.resolve_injury(ctx, client_id, injury_id, body or InjuryResolve())
    res.metrics.commands.labels("resolve_injury").inc()
    return result
