"""Pain timeline read model: every pain flag, from a session request or a session log."""

from __future__ import annotations

from typing import Callable

from psycopg import Cursor

from services.projector.envelope import Envelope, occurred_on


def _flags(cur: Cursor, env: Envelope, source: str, day: str) -> None:
    p = env["payload"]
    rows = [(env["event_id"], i, env["client_id"], env.get("organization_id"), p["session_id"],
             source, f["region"], f.get("side"), f.get("severity", 0), f.get("note"),
             f.get("exercise_id"), day, env.get("position"))
            for i, f in enumerate(p.get("pain_flags") or [])]
    if rows:
        cur.executemany(
            """INSERT INTO pain_timeline (event_id, idx, client_id, organization_id, session_id,
                   source, region, side, severity, note, exercise_id, occurred_on, position)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
               ON CONFLICT DO NOTHING""",
            rows,
        )


def _requested(cur: Cursor, env: Envelope) -> None:
    _flags(cur, env, "request", occurred_on(env).isoformat())


def _logged(cur: Cursor, env: Envelope) -> None:
    day = env["payload"].get("performed_on") or occurred_on(env).isoformat()
    _flags(cur, env, "log", day)


HANDLERS: dict[str, Callable[[Cursor, Envelope], None]] = {
    "session.requested": _requested,
    "session.logged": _logged,
}
