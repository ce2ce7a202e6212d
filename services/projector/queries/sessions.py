"""Training session reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psycopg import Connection

from services.projector.queries._sql import one, rows
from services.projector.settings import LIVE_SCHEMA


def get_session(conn: Connection, org_id: str, session_id: str, *,
                schema: str = LIVE_SCHEMA) -> dict[str, Any] | None:
    """The session document: id, client_id, status, version, request, plan, edits, approval,
    log, failure, cancellation."""
    row = one(conn, schema, "SELECT doc FROM {s}.training_sessions"
              " WHERE session_id = %s AND organization_id = %s", (session_id, org_id))
    return row["doc"] if row else None


def list_sessions(conn: Connection, org_id: str, client_id: str, *, limit: int = 100,
                  active_since: dt.date | None = None,
                  schema: str = LIVE_SCHEMA) -> list[dict[str, Any]]:
    """The client's sessions, newest request first. With ``active_since``, only those requested
    or changed (logged, edited, ...) on or after that day: every session performed since then
    is among them, since a log is recorded after the training it reports."""
    since = "" if active_since is None else " AND (requested_at >= %s OR updated_at >= %s)"
    extra = () if active_since is None else (active_since, active_since)
    return [r["doc"] for r in rows(
        conn, schema, "SELECT doc FROM {s}.training_sessions WHERE client_id = %s"
        " AND organization_id = %s" + since + " ORDER BY requested_at DESC NULLS LAST LIMIT %s",
        (client_id, org_id, *extra, limit))]
