"""Exercise history, benchmarks and pain timeline reads (scoped through the client's org)."""

from __future__ import annotations

from typing import Any

from psycopg import Connection

from services.projector.queries._sql import rows, snapshot
from services.projector.settings import LIVE_SCHEMA

_OWNED = ("client_id = %s AND EXISTS (SELECT 1 FROM {s}.client_state c"
          " WHERE c.client_id = %s AND c.organization_id = %s)")


def exercise_history(conn: Connection, org_id: str, client_id: str,
                     exercise_id: str | None = None, *,
                     schema: str = LIVE_SCHEMA) -> dict[str, dict[str, Any]]:
    """Per exercise (by id): every set, the best set per session with its e1RM (over time) and
    the trend (progressing / stalled / regressing / insufficient_data); three reads, one
    snapshot."""
    with snapshot(conn):
        return _exercise_history(conn, org_id, client_id, exercise_id, schema)


def _exercise_history(conn: Connection, org_id: str, client_id: str, exercise_id: str | None,
                      schema: str) -> dict[str, dict[str, Any]]:
    scope = (client_id, client_id, org_id, exercise_id, exercise_id)
    only = " AND (%s::text IS NULL OR exercise_id = %s::text)"
    out: dict[str, dict[str, Any]] = {}
    for r in rows(conn, schema, "SELECT * FROM {s}.exercise_trends WHERE " + _OWNED + only,
                  scope):
        out[r["exercise_id"]] = {"exercise_id": r["exercise_id"], "trend": r["trend"],
                                 "latest_e1rm_kg": r["latest_e1rm_kg"],
                                 "best_e1rm_kg": r["best_e1rm_kg"], "sets": [], "sessions": []}

    def entry(ex: str) -> dict[str, Any]:
        return out.setdefault(ex, {"exercise_id": ex, "trend": "insufficient_data",
                                   "latest_e1rm_kg": None, "best_e1rm_kg": None, "sets": [],
                                   "sessions": []})

    for r in rows(conn, schema, "SELECT * FROM {s}.exercise_sets WHERE " + _OWNED + only +
                  " ORDER BY performed_on, position, entry_index, set_index", scope):
        entry(r["exercise_id"])["sets"].append({k: r[k] for k in (
            "session_id", "performed_on", "reps", "load_kg", "rpe", "rir", "duration_s",
            "completed", "e1rm_kg", "e1rm_method")})
    for r in rows(conn, schema, "SELECT * FROM {s}.exercise_bests WHERE " + _OWNED + only +
                  " ORDER BY performed_on, position", scope):
        entry(r["exercise_id"])["sessions"].append({k: r[k] for k in (
            "session_id", "performed_on", "reps", "load_kg", "e1rm_kg")})
    return dict(sorted(out.items()))


def benchmarks(conn: Connection, org_id: str, client_id: str, *,
               schema: str = LIVE_SCHEMA) -> list[dict[str, Any]]:
    return rows(conn, schema, "SELECT name, value, unit, performed_on, session_id"
                " FROM {s}.benchmarks WHERE " + _OWNED + " ORDER BY name, performed_on, idx",
                (client_id, client_id, org_id))


def pain_timeline(conn: Connection, org_id: str, client_id: str, *,
                  schema: str = LIVE_SCHEMA) -> list[dict[str, Any]]:
    return rows(conn, schema, "SELECT occurred_on, region, side, severity, note, source,"
                " session_id, exercise_id FROM {s}.pain_timeline WHERE client_id = %s"
                " AND organization_id = %s ORDER BY occurred_on, position, idx",
                (client_id, org_id))
