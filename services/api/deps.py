"""FastAPI dependencies as ``Annotated`` aliases: resources, the caller, command context.

The ones that never block are ``async``: FastAPI runs a plain ``def`` dependency on the thread
pool, and three thread hops per request cost more than the work they wrap. Only a cache miss in
authentication (a database read) and the read connection go to a thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated

import psycopg
from fastapi import Depends, Header, Query, Request
from starlette.concurrency import run_in_threadpool

from services.api.adapters.writemodel import CommandContext, WriteModel
from services.api.auth.principal import Principal
from services.api.bootstrap import Resources
from services.api.problems import Problem
from shared.events.envelope import Actor


async def get_resources(request: Request) -> Resources:
    return request.app.state.resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_write_model(res: ResourcesDep) -> WriteModel:
    return res.write


WriteModelDep = Annotated[WriteModel, Depends(get_write_model)]


async def get_principal(
    res: ResourcesDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    if not res.gate.is_open():
        raise Problem(503, "unavailable", "The database is unavailable; retry shortly.",
                      headers={"Retry-After": "2"})
    unauthorized = Problem(
        401, "unauthorized", "Send Authorization: Bearer <api_key>.",
        headers={"WWW-Authenticate": "Bearer"},
    )
    if not authorization:
        raise unauthorized
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized
    token = token.strip()
    principal = res.keys.cached(token)
    if principal is None:  # verifying reads the event store: not on the event loop
        principal = await run_in_threadpool(res.keys.authenticate, token)
    if principal is None:
        raise unauthorized
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_read_conn(res: ResourcesDep) -> Iterator[psycopg.Connection]:
    """A pooled read-model connection in autocommit (each query sees the latest commit)."""
    with res.pool.connection() as conn:
        yield conn


ReadConnDep = Annotated[psycopg.Connection, Depends(get_read_conn)]

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200,
           description="Retries with the same key return the first response and write nothing."),
]
ExpectedVersion = Annotated[
    int | None,
    Query(ge=1, description="Refuse with 409 unless the aggregate is at this version."),
]
MinVersion = Annotated[
    int | None, Query(ge=1, description="Wait (bounded) until the read model reflects it.")
]


async def get_context(
    request: Request,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
    expected_version: ExpectedVersion = None,
) -> CommandContext:
    return CommandContext(
        organization_id=principal.organization_id,
        actor=Actor(kind=principal.role, id=principal.actor_id),  # type: ignore[arg-type]
        correlation_id=request.scope.get("state", {}).get("correlation_id") or "",
        now=datetime.now(UTC),
        expected_version=expected_version,
        idempotency_key=idempotency_key,
    )


ContextDep = Annotated[CommandContext, Depends(get_context)]
