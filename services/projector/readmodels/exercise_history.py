"""Exercise history read model: every set, the best set of each session, e1RM over time and the
trend of each lift, per client and exercise.

A session's log replaces any earlier log of it: the batch keeps the rows of each session's
latest log, and at its end deletes the sessions' stored rows and inserts those. The trend of
every lift the batch touched is then recomputed from the stored bests, unless the batch defers
trends (a rebuild computes every trend once, at the end of its replay: ``refresh_all_trends``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg import Connection

from services.projector.domain.e1rm import estimate
from services.projector.domain.trend import WINDOW, trend
from services.projector.envelope import Envelope, occurred_on
from services.projector.readmodels.bulk import append_rows, delete_sessions, insert_rows
from services.projector.readmodels.sessions import session_key
from services.projector.stage import StagedCursor

SETS = (("session_id", "uuid"), ("entry_index", "int8"), ("set_index", "int8"),
        ("client_id", "uuid"), ("exercise_id", "text"), ("performed_on", "date"),
        ("position", "int8"), ("reps", "intnum"), ("load_kg", "num"), ("rpe", "num"),
        ("rir", "num"), ("duration_s", "intnum"), ("completed", "bool"),
        ("e1rm_kg", "num"), ("e1rm_method", "text"))
BESTS = (("client_id", "uuid"), ("exercise_id", "text"), ("session_id", "uuid"),
         ("performed_on", "date"), ("position", "int8"), ("reps", "intnum"),
         ("load_kg", "num"), ("e1rm_kg", "num"))
TRENDS = (("client_id", "uuid"), ("exercise_id", "text"), ("trend", "text"),
          ("sessions", "int8"), ("latest_e1rm_kg", "numeric"), ("best_e1rm_kg", "numeric"),
          ("last_performed_on", "date"))


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


def _logged(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    session_id = session_key(env)
    performed_on = p.get("performed_on") or occurred_on(env).isoformat()
    rows = _set_rows(env, performed_on)
    bests = [(env["client_id"], ex, p["session_id"], performed_on, env.get("position"), r[7],
              r[8], r[13]) for ex, r in _best_per_exercise(rows).items()]
    cur.staged.log_rows("exercise_sets")[session_id] = rows
    cur.staged.log_rows("exercise_bests")[session_id] = bests
    # every lift ever staged, even if a later log of the batch drops it: its stored trend may
    # have counted the session before
    cur.staged.lifts.update((str(env["client_id"]), r[4]) for r in rows)


def flush(cur: StagedCursor) -> None:
    for table, columns in (("exercise_sets", SETS), ("exercise_bests", BESTS)):
        logs = cur.staged.logs.pop(table, {})
        returning = "RETURNING client_id, exercise_id" if table == "exercise_bests" else ""
        dropped = delete_sessions(cur, table, sorted(logs), returning)
        cur.staged.lifts.update((str(c), e) for c, e in dropped)
        append_rows(cur, table, columns, [r for rows in logs.values() for r in rows])
    if not cur.staged.defer_trends:
        _refresh_trends(cur, sorted(cur.staged.lifts))
    cur.staged.lifts.clear()


def _refresh_trends(cur: StagedCursor, lifts: list[tuple[str, str]]) -> None:
    """Recompute each lift's trend from its bests, oldest first; no e1RM: no trend row."""
    if not lifts:
        return
    # one index scan per lift (the primary key starts with client and exercise): a join
    # against unnest lets the planner hash the whole table instead, on every batch
    cur.execute(
        """SELECT l.client_id::text, l.exercise_id, s.n, s.best, s.last_on, s.recent
           FROM unnest(%s::uuid[], %s::text[]) AS l(client_id, exercise_id)
           CROSS JOIN LATERAL (
               SELECT count(*) AS n, max(b.e1rm_kg) AS best, max(b.performed_on) AS last_on,
                      (array_agg(b.e1rm_kg ORDER BY b.performed_on DESC, b.position DESC,
                                                    b.session_id DESC))[1:%s] AS recent
               FROM exercise_bests b
               WHERE b.client_id = l.client_id AND b.exercise_id = l.exercise_id
                 AND b.e1rm_kg IS NOT NULL) AS s
           WHERE s.n > 0""",
        ([c for c, _ in lifts], [e for _, e in lifts], WINDOW))
    rows = _trend_rows(cur.fetchall())
    gone = set(lifts) - {(r[0], r[1]) for r in rows}
    if gone:
        cur.execute(
            """DELETE FROM exercise_trends t USING unnest(%s::uuid[], %s::text[]) AS l(c, e)
               WHERE t.client_id = l.c AND t.exercise_id = l.e""",
            ([c for c, _ in gone], [e for _, e in gone]))
    insert_rows(cur, "exercise_trends", TRENDS, rows, _UPSERT_TREND)


_UPSERT_TREND = """ON CONFLICT (client_id, exercise_id)
    DO UPDATE SET trend = EXCLUDED.trend, sessions = EXCLUDED.sessions,
        latest_e1rm_kg = EXCLUDED.latest_e1rm_kg, best_e1rm_kg = EXCLUDED.best_e1rm_kg,
        last_performed_on = EXCLUDED.last_performed_on"""
# rows of trends computed per fetch while every lift's trend is recomputed
_ALL_TRENDS_CHUNK = 5_000


def _trend_rows(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """(client, exercise, count, best, last performed, latest e1RMs newest first) -> rows."""
    rows = []
    for client_id, exercise_id, n, best, last_on, recent in found:
        values = [float(v) for v in reversed(recent)]
        rows.append((client_id, exercise_id, trend(values), n, recent[0], best, last_on))
    return rows


def refresh_all_trends(conn: Connection) -> int:
    """Recompute the trend of every lift with an e1RM, in one pass over the bests (the same rows
    the per-batch refresh writes); returns how many lifts have a trend. Runs in the caller's
    transaction (a server-side cursor needs one), on its search path."""
    written = 0
    with conn.cursor(name="all_trends") as found, conn.cursor() as cur:
        found.itersize = _ALL_TRENDS_CHUNK
        found.execute(
            """SELECT client_id::text, exercise_id, count(*), max(e1rm_kg), max(performed_on),
                      (array_agg(e1rm_kg ORDER BY performed_on DESC, position DESC,
                                                 session_id DESC))[1:%s]
               FROM exercise_bests WHERE e1rm_kg IS NOT NULL
               GROUP BY client_id, exercise_id""", (WINDOW,))
        while chunk := found.fetchmany(_ALL_TRENDS_CHUNK):
            rows = _trend_rows(chunk)
            insert_rows(cur, "exercise_trends", TRENDS, rows, _UPSERT_TREND)
            written += len(rows)
    return written


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {"session.logged": _logged}
