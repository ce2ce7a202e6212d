"""Clients: register, list, read (now, at a version, or as of an instant), update, transfer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from services.api import access_log
from services.api.access import visible_client, visible_trainer
from services.api.adapters import readmodel
from services.api.deps import (
    ContextDep,
    MinVersion,
    PrincipalDep,
    ReadConnDep,
    ResourcesDep,
)
from services.api.problems import Problem, not_found
from services.api.schemas.clients import ClientCreate, ClientList, ClientPatch, ClientView, Transfer
from services.api.schemas.common import Created, Versioned

router = APIRouter(prefix="/v1/clients", tags=["clients"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Created)
def register_client(
    body: ClientCreate, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
    response: Response,
) -> dict[str, Any]:
    principal.require("admin", "trainer")
    if not principal.can_see_trainer_of(body.trainer_id):
        raise not_found("trainer")
    # The handler loads the trainer in the caller's organization: another tenant's is 404.
    result = res.write.register_client(ctx, body)
    res.metrics.commands.labels("register_client").inc()
    response.headers["Location"] = f"/v1/clients/{result['id']}"
    return result


@router.get("", response_model=ClientList)
def list_clients(
    principal: PrincipalDep, conn: ReadConnDep,
    trainer_id: Annotated[UUID | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    if principal.role == "trainer":
        trainer_id = principal.trainer_id
    items = readmodel.list_clients(
        conn, principal.organization_id, trainer_id, limit=limit, offset=offset
    )
    return {"items": items}


@router.get("/{client_id}", response_model=ClientView)
def get_client(
    client_id: UUID, principal: PrincipalDep, res: ResourcesDep, conn: ReadConnDep,
    request: Request, min_version: MinVersion = None,
    as_of: Annotated[datetime | None, Query(description="UTC instant; the state then")] = None,
) -> dict[str, Any]:
    ref = visible_client(res.write, principal, client_id)
    if as_of is not None:
        if as_of.tzinfo is None:
            raise Problem(422, "validation", "as_of needs a timezone (UTC ISO 8601).",
                          errors=[{"field": "query.as_of", "message": "timezone required"}])
        state = res.write.client_as_of(ref, as_of)
        if state is None:
            raise Problem(404, "not-found", "The client did not exist at that instant.")
    else:
        state = readmodel.client_state(
            conn, principal.organization_id, client_id, min_version=min_version,
            known_version=ref.version, timeout_s=res.settings.max_wait_s,
        )
    access_log.record(conn, principal, request, client_id=client_id, resource="client",
                      kinds=["injuries"])
    return state


@router.patch("/{client_id}", response_model=Versioned)
def update_profile(
    client_id: UUID, body: ClientPatch, ctx: ContextDep, principal: PrincipalDep,
    res: ResourcesDep,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin", "trainer")
    changes = body.model_dump(exclude_unset=True)
    if not changes:
        raise Problem(422, "validation", "Send at least one field to change.",
                      errors=[{"field": "body", "message": "no fields"}])
    result = res.write.update_profile(ctx, client_id, body)
    res.metrics.commands.labels("update_profile").inc()
    return result


@router.post("/{client_id}/transfer", response_model=Versioned)
def transfer_client(
    client_id: UUID, body: Transfer, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep,
) -> dict[str, Any]:
    visible_client(res.write, principal, client_id)
    principal.require("admin")
    visible_trainer(res.write, principal, body.to_trainer_id)
    result = res.write.transfer_client(ctx, client_id, body)
    res.metrics.commands.labels("transfer_client").inc()
    return result
