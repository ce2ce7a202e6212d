"""Benchmarks read model: each benchmark result of a logged session, over time."""

from __future__ import annotations

from typing import Callable

from psycopg import Cursor

from services.projector.envelope import Envelope, occurred_on


def _logged(cur: Cursor, env: Envelope) -> None:
    p = env["payload"]
    performed_on = p.get("performed_on") or occurred_on(env).isoformat()
    cur.execute("DELETE FROM benchmarks WHERE session_id = %s", (p["session_id"],))
    rows = [(p["session_id"], i, env["client_id"], b["name"], b["value"], b.get("unit"),
             performed_on) for i, b in enumerate(p.get("benchmarks") or [])]
    if rows:
        cur.executemany(
            """INSERT INTO benchmarks (session_id, idx, client_id, name, value, unit,
                   performed_on) VALUES (%s, %s, %s, %s, %s, %s, %s)""",
            rows,
        )


HANDLERS: dict[str, Callable[[Cursor, Envelope], None]] = {"session.logged": _logged}
