"""The trainer dashboard, composed at read time from the other read models so it is never
out of step with them: pain flags, missed sessions, stalled lifts, sessions awaiting approval."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from psycopg import Connection

from services.projector.queries._sql import rows
from services.projector.settings import LIVE_SCHEMA

_MINE = ("JOIN {s}.client_state c ON c.client_id = x.client_id"
         " WHERE c.organization_id = %s AND c.trainer_id = %s")


def trainer_dashboard(conn: Connection, org_id: str, trainer_id: str, *, today: date,
                      window_days: int = 14, missed_after_days: int = 2,
                      schema: str = LIVE_SCHEMA) -> dict[str, Any]:
    """``today`` is passed in (no clock here). A session counts as missed when it was planned
    (generated or approved) more than ``missed_after_days`` ago and never logged."""
    since = today - timedelta(days=window_days)
    missed_before = today - timedelta(days=missed_after_days)
    mine = (org_id, trainer_id)
    return {
        "trainer_id": trainer_id,
        "pain_flags": rows(conn, schema, "SELECT x.client_id, c.name, x.region, x.side,"
                           " x.severity, x.source, x.occurred_on, x.exercise_id"
                           " FROM {s}.pain_timeline x " + _MINE + " AND x.occurred_on >= %s"
                           " ORDER BY x.occurred_on DESC, x.severity DESC", (*mine, since)),
        "missed_sessions": rows(conn, schema, "SELECT x.session_id, x.client_id, c.name,"
                                " x.status, x.requested_at FROM {s}.training_sessions x "
                                + _MINE + " AND x.status IN ('generated', 'approved')"
                                " AND x.requested_at < %s AND x.requested_at >= %s"
                                " ORDER BY x.requested_at", (*mine, missed_before, since)),
        "stalled_lifts": rows(conn, schema, "SELECT x.client_id, c.name, x.exercise_id,"
                              " x.trend, x.latest_e1rm_kg, x.last_performed_on"
                              " FROM {s}.exercise_trends x " + _MINE +
                              " AND x.trend IN ('stalled', 'regressing')"
                              " ORDER BY c.name, x.exercise_id", mine),
        "awaiting_approval": rows(conn, schema, "SELECT x.session_id, x.client_id, c.name,"
                                  " x.requested_at FROM {s}.training_sessions x " + _MINE +
                                  " AND x.status = 'generated' ORDER BY x.requested_at", mine),
    }
