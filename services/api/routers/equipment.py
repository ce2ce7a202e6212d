"""Named equipment profiles of a client ("main gym", "home")."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path

from services.api.access import visible_client
from services.api.deps import ContextDep, PrincipalDep, ResourcesDep
from services.api.schemas.clients import EquipmentProfile
from services.api.schemas.common import Versioned

router = APIRouter(prefix="/v1/clients/{client_id}/equipment", tags=["clients"])


@router.put("/{profile_name}", response_model=Versioned)
def set_equipment_profile(
    client_id: UUID,
    profile_name: Annotated[str, Path(min_length=1, max_length=80)],
    body: EquipmentProfile, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    result = res.write.set_equipment_profile(ctx, client_id, profile_name, body)
    res.metrics.commands.labels("set_equipment_profile").inc()
    return result
