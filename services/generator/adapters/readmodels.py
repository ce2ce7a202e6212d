"""The projector's read models as the generator needs them (the only import of its queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from psycopg import Connection

from services.projector import queries


def wait_until_applied(conn: Connection, client_id: str, position: int, timeout_s: float) -> bool:
    """True once the projector has applied the client's events up to ``position``."""
    # One statement when it is there already; the bounded wait LISTENs (two more round trips).
    if queries.watermark(conn, client_id) >= position:
        return True
    return queries.wait_for_watermark(conn, client_id, position, timeout_s)


def client_state(conn: Connection, org_id: str, client_id: str) -> dict[str, Any] | None:
    return queries.get_client(conn, org_id, client_id)


def _session_date(doc: Mapping[str, Any]) -> str | None:
    log = doc.get("log") or {}
    when = log.get("performed_on") or doc.get("requested_at")
    return str(when)[:10] if when else None


# Sessions whose read-model document may yet change: a stale one may be missing its log.
OPEN_STATUSES = ("requested", "generated", "approved")


def recent_sessions(conn: Connection, org_id: str, client_id: str, since: dt.date,
                    exclude_session_id: str, *,
                    refresh: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                    ) -> tuple[dict[str, Any], ...]:
    """Sessions since ``since`` in the engine's history shape, oldest first; unplanned ones
    (requested, failed, referred, cancelled) carry nothing to learn from and are left out.
    ``refresh`` (read model behind) re-reads each open session in the window, so a log with
    pain flags that the projector has not applied yet still counts."""
    out = []
    # only the window's sessions cross the wire: a client with a year of sessions would
    # otherwise send every plan and log for each request
    for doc in queries.list_sessions(conn, org_id, client_id, limit=200, active_since=since):
        day = _session_date(doc)
        if doc.get("id") == exclude_session_id or not day or day < since.isoformat():
            continue
        if refresh is not None and doc.get("status") in OPEN_STATUSES:
            doc = refresh(doc)
            day = _session_date(doc) or day
        if doc.get("status") not in ("generated", "approved", "logged"):
            continue
        log = doc.get("log") or {}
        out.append({
            "session_id": doc.get("id"), "date": day, "plan": doc.get("plan") or {},
            "exercises": log.get("exercises") or [], "pain_flags": log.get("pain_flags") or [],
            "feel": log.get("feel"), "session_rpe": log.get("session_rpe"),
            "focus": (doc.get("request") or {}).get("focus"),
        })
    return tuple(sorted(out, key=lambda s: s["date"]))


def roadmap_position(client: Mapping[str, Any], on: dt.date) -> dict[str, Any] | None:
    """{block, week} for the engine on the session's date.

    The roadmap runs on the calendar: from its start (or from where a trainer last moved the
    client, ``roadmap.block_advanced``) one week passes per seven days, block after block, so a
    deload week arrives when the roadmap placed it. Past the last block the client stays in its
    final week until the roadmap is regenerated or adjusted.
    """
    roadmap, position = client.get("roadmap"), client.get("roadmap_position") or {}
    if not roadmap:
        return None
    blocks = sorted(roadmap.get("blocks") or [], key=lambda b: b.get("index") or 0)
    if not blocks:
        return None
    i = next((n for n, b in enumerate(blocks)
              if (b.get("index") or 0) == (position.get("block_index") or 0)), 0)
    week = int(position.get("week") or 1)
    anchor = position.get("anchored_on") or roadmap.get("starts_on")
    elapsed = max(0, (on - dt.date.fromisoformat(str(anchor)[:10])).days // 7) if anchor else 0
    week += elapsed
    while week > int(blocks[i].get("weeks") or 1) and i + 1 < len(blocks):
        week -= int(blocks[i].get("weeks") or 1)
        i += 1
    week = min(week, int(blocks[i].get("weeks") or 1))
    return {"block": blocks[i], "week": week}
