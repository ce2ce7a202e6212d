"""Exercise history read model: every set, the best set of each session, e1RM over time and the
trend of each lift, per client and exercise."""

from __future__ import annotations

from typing import Any, Callable

from psycopg import Cursor

from services.projector.domain.e1rm import estimate
from services.projector.domain.trend import trend
from services.projector.envelope import Envelope, occurred_on
from services.projector.readmodels import documents


def _set_rows(env: Envelope, performed_on: str) -> list[tuple[Any, ...]]:
    p = env["payload"]
    rows = []
    for i, entry in enumerate(p.get("exercises") or []):
        for j, st in enumerate(entry.get("sets") or []):
            completed = st.get("completed", True) is not False
            est = estimate(st.get("load_kg"), st.get("reps"), st.get("rpe"), st.get("rir"))
            e1rm, method = est if (est and completed) else (None, None)
            rows.append((p["session_id"], i, j, env["client_id"], entry["exercise_id"],
                         performed_on, env.get("position"), st.get("reps"), st.get("load_kg"),
                         st.get("rpe"), st.get("rir"), st.get("duration_s"), completed, e1rm,
                         method))
    return rows


def _best_per_exercise(rows: list[tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """The set with the highest e1RM (else the most reps) per exercise; the first wins ties."""
    best: dict[str, tuple[Any, ...]] = {}
    for r in rows:
        if not r[12]:
            continue
        key = (r[13] or 0, r[7] or 0)
        cur = best.get(r[4])
        if cur is None or key > (cur[13] or 0, cur[7] or 0):
            best[r[4]] = r
    return best


def _logged(cur: Cursor, env: Envelope) -> None:
    p = env["payload"]
    session_id = p["session_id"]
    performed_on = p.get("performed_on") or occurred_on(env).isoformat()
    # a session's log replaces any earlier log of the same session
    cur.execute("DELETE FROM exercise_sets WHERE session_id = %s", (session_id,))
    cur.execute("DELETE FROM exercise_bests WHERE session_id = %s RETURNING exercise_id",
                (session_id,))
    touched = {r[0] for r in cur.fetchall()}
    rows = _set_rows(env, performed_on)
    if rows:
        cur.executemany(
            """INSERT INTO exercise_sets (session_id, entry_index, set_index, client_id,
                   exercise_id, performed_on, position, reps, load_kg, rpe, rir, duration_s,
                   completed, e1rm_kg, e1rm_method)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            rows,
        )
    best = _best_per_exercise(rows)
    if best:
        cur.executemany(
            """INSERT INTO exercise_bests (client_id, exercise_id, session_id, performed_on,
                   position, reps, load_kg, e1rm_kg) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)""",
            [(env["client_id"], ex, session_id, performed_on, env.get("position"), r[7], r[8],
              r[13]) for ex, r in best.items()],
        )
    client_id = env["client_id"]
    for exercise_id in sorted(touched | {r[4] for r in rows}):
        # once per lift and batch, after every log of the batch is in
        documents.save(cur, "trend", f"{client_id}/{exercise_id}", None,
                       lambda c, e=exercise_id: _refresh_trend(c, client_id, e))


def _refresh_trend(cur: Cursor, client_id: str, exercise_id: str) -> None:
    cur.execute(
        """SELECT e1rm_kg, performed_on FROM exercise_bests
           WHERE client_id = %s AND exercise_id = %s AND e1rm_kg IS NOT NULL
           ORDER BY performed_on, position, session_id""",
        (client_id, exercise_id),
    )
    rows = cur.fetchall()
    if not rows:
        cur.execute("DELETE FROM exercise_trends WHERE client_id = %s AND exercise_id = %s",
                    (client_id, exercise_id))
        return
    values = [float(r[0]) for r in rows]
    cur.execute(
        """INSERT INTO exercise_trends (client_id, exercise_id, trend, sessions, latest_e1rm_kg,
               best_e1rm_kg, last_performed_on) VALUES (%s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (client_id, exercise_id) DO UPDATE SET trend = EXCLUDED.trend,
               sessions = EXCLUDED.sessions, latest_e1rm_kg = EXCLUDED.latest_e1rm_kg,
               best_e1rm_kg = EXCLUDED.best_e1rm_kg,
               last_performed_on = EXCLUDED.last_performed_on""",
        (client_id, exercise_id, trend(values), len(values), rows[-1][0],
         max(r[0] for r in rows), max(r[1] for r in rows)),
    )


HANDLERS: dict[str, Callable[[Cursor, Envelope], None]] = {"session.logged": _logged}
