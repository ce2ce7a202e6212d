"""Audit log read model: every applied event, who did what to which subject and when.

Its primary key is the event id, so inserting here is also the exactly-once guard: an event id
already present means the event was applied before (the relay republished it).
"""

from __future__ import annotations

from typing import Any

from psycopg import Cursor

from services.projector.envelope import Envelope
from services.projector.readmodels.bulk import append_rows, insert_rows
from services.projector.stage import StagedCursor
from services.projector.uuids import canonical_uuid

COLUMNS = (("event_id", "uuid"), ("position", "int8"), ("occurred_at", "timestamptz"),
           ("organization_id", "uuid"), ("actor_kind", "text"), ("actor_id", "text"),
           ("type", "text"), ("schema_version", "int8"), ("aggregate_type", "text"),
           ("aggregate_id", "uuid"), ("aggregate_version", "int8"), ("client_id", "uuid"),
           ("correlation_id", "text"), ("causation_id", "text"), ("payload", "jsonb"))
_ON_CONFLICT = "ON CONFLICT (event_id) DO NOTHING"


def _row(env: Envelope) -> tuple[Any, ...]:
    actor = env.get("actor") or {}
    return (env["event_id"], env.get("position"), env["occurred_at"], env.get("organization_id"),
            actor.get("kind"), None if actor.get("id") is None else str(actor["id"]),
            env["type"], env["schema_version"], env.get("aggregate_type"),
            env.get("aggregate_id"), env.get("aggregate_version"), env.get("client_id"),
            env.get("correlation_id"), env.get("causation_id"), env["payload"])


def record(cur: Cursor, env: Envelope) -> bool:
    """Record the event; False when its id was already applied."""
    known = cur.applied_ids if isinstance(cur, StagedCursor) else None
    if known is None:  # event by event: the insert's row count answers
        insert_rows(cur, "audit_log", COLUMNS, [_row(env)], _ON_CONFLICT)
        return cur.rowcount == 1
    event_id = canonical_uuid(env["event_id"])
    if event_id in known:
        return False
    known.add(event_id)
    assert isinstance(cur, StagedCursor)
    cur.staged.audit.append(_row(env))
    return True


def flush(cur: StagedCursor) -> None:
    # the ids were checked against the table under the partitions' row locks: nothing
    # conflicts (if a race made one, the batch is redone event by event)
    append_rows(cur, "audit_log", COLUMNS, cur.staged.audit)
    cur.staged.audit.clear()
