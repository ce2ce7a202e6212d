"""Audit log read model: every applied event, who did what to which subject and when.

Its primary key is the event id, so inserting here is also the exactly-once guard: an event id
already present means the event was applied before (the relay republished it).
"""

from __future__ import annotations

import uuid

from psycopg import Cursor
from psycopg.types.json import Jsonb

from services.projector.envelope import Envelope


def record(cur: Cursor, env: Envelope) -> bool:
    """Insert the event; False when its id was already applied."""
    known: set[str] | None = getattr(cur, "applied_ids", None)
    event_id = str(uuid.UUID(str(env["event_id"])))
    if known is not None and event_id in known:
        return False
    actor = env.get("actor") or {}
    cur.execute(
        """INSERT INTO audit_log (event_id, position, occurred_at, organization_id, actor_kind,
               actor_id, type, schema_version, aggregate_type, aggregate_id, aggregate_version,
               client_id, correlation_id, causation_id, payload)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (event_id) DO NOTHING""",
        (env["event_id"], env.get("position"), env["occurred_at"], env.get("organization_id"),
         actor.get("kind"), None if actor.get("id") is None else str(actor["id"]), env["type"],
         env["schema_version"], env.get("aggregate_type"), env.get("aggregate_id"),
         env.get("aggregate_version"), env.get("client_id"), env.get("correlation_id"),
         env.get("causation_id"), Jsonb(env["payload"])),
    )
    if known is not None:  # pipelined: the prefetched ids answer instead of the row count
        known.add(event_id)
        return True
    return cur.rowcount == 1
