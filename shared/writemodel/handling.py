"""Helpers every command handler uses: load with tenant and version checks, save idempotently."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.base import SpotterAggregate
from shared.writemodel.domain.idempotency import IdempotencyRecord, idempotency_record_id
from shared.writemodel.errors import Conflict, IdempotencyKeyReused, NotFound
from shared.writemodel.outcome import Outcome

A = TypeVar("A", bound=SpotterAggregate)
Decision = tuple[Sequence[SpotterAggregate], Outcome]


def load(
    app: SpotterApplication, kind: type[A], aggregate_id: UUID, ctx: CommandContext,
    *, check_version: bool = True,
) -> A:
    """The aggregate, if it exists in the caller's organization; else NotFound.

    Another tenant's aggregate is reported as NotFound too, never as forbidden.
    """
    try:
        aggregate = app.get_aggregate(aggregate_id, kind)
    except KeyError:
        raise NotFound(f"{kind.AGGREGATE_TYPE} {aggregate_id} not found") from None
    if aggregate.organization_id != str(ctx.organization_id):
        raise NotFound(f"{kind.AGGREGATE_TYPE} {aggregate_id} not found")
    if check_version and ctx.expected_version is not None:
        if aggregate.version != ctx.expected_version:
            raise Conflict(aggregate.version)
    return aggregate


def require(app: SpotterApplication, kind: type[A], aggregate_id: UUID,
            ctx: CommandContext) -> None:
    """NotFound unless the aggregate exists in the caller's organization, as ``load`` says.

    Both facts are permanent once true (the store deletes nothing and an aggregate's
    organization is fixed when it is created), so a yes is remembered by the application and
    the next check of the same aggregate reads nothing.
    """
    if app.members.known(aggregate_id, kind, ctx.organization_id):
        return
    load(app, kind, aggregate_id, ctx, check_version=False)
    app.members.remember(aggregate_id, kind, ctx.organization_id)


def request_hash(command: object) -> str:
    """Hash of the command body, leaving out ids the caller generated for this attempt."""
    body = asdict(command)  # type: ignore[call-overload]
    for f in fields(command):  # type: ignore[arg-type]
        if f.metadata.get("new_id"):
            body.pop(f.name, None)
    text = json.dumps({"command": type(command).__name__, **body}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(app: SpotterApplication, ctx: CommandContext, digest: str) -> Outcome | None:
    assert ctx.idempotency_key is not None
    try:
        record = app.get_aggregate(
            idempotency_record_id(ctx.organization_id, ctx.idempotency_key), IdempotencyRecord
        )
    except KeyError:
        return None
    if record.request_hash != digest:
        raise IdempotencyKeyReused(
            f"idempotency key {ctx.idempotency_key!r} was used with a different request"
        )
    return Outcome.from_json(record.response, replayed=True)


def execute(
    app: SpotterApplication, ctx: CommandContext, command: object,
    decide: Callable[[], Decision],
) -> Outcome:
    """Run ``decide`` and save what it changed, once per idempotency key, in one transaction."""
    digest = request_hash(command) if ctx.idempotency_key else ""
    if ctx.idempotency_key:
        prior = _replay(app, ctx, digest)
        if prior is not None:
            return prior
    aggregates, outcome = decide()
    to_save: list[SpotterAggregate] = list(aggregates)
    if ctx.idempotency_key:
        to_save.append(
            IdempotencyRecord.record(
                key=ctx.idempotency_key, command=type(command).__name__, request_hash=digest,
                response=outcome.to_json(), now=ctx.now, meta=ctx.meta(),
            )
        )
    try:
        app.save(*to_save)
    except IntegrityError:
        # Someone else wrote first: the same retry racing us, or another writer.
        if ctx.idempotency_key:
            prior = _replay(app, ctx, digest)
            if prior is not None:
                return prior
        raise Conflict(_current_version(app, aggregates)) from None
    return outcome


def _current_version(app: SpotterApplication, aggregates: Sequence[SpotterAggregate]) -> int:
    for aggregate in aggregates:
        try:
            return app.get_aggregate(aggregate.id, SpotterAggregate).version
        except KeyError:
            continue
    return 0


# Field metadata for values the caller makes fresh on each attempt (new ids, secrets, salts):
# they are left out of the idempotency request hash.
NEW_ID: dict[str, Any] = {"new_id": True}
