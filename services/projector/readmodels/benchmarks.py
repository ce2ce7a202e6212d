"""Benchmarks read model: each benchmark result of a logged session, over time (a session's
latest log replaces its earlier one, as for exercise history)."""

from __future__ import annotations

from collections.abc import Callable

from services.projector.envelope import Envelope, occurred_on
from services.projector.readmodels.bulk import append_rows, delete_sessions
from services.projector.readmodels.sessions import session_key
from services.projector.stage import StagedCursor

COLUMNS = (("session_id", "uuid"), ("idx", "int8"), ("client_id", "uuid"), ("name", "text"),
           ("value", "num"), ("unit", "text"), ("performed_on", "date"))


def _logged(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    performed_on = p.get("performed_on") or occurred_on(env).isoformat()
    cur.staged.log_rows("benchmarks")[session_key(env)] = [
        (p["session_id"], i, env["client_id"], b["name"], b["value"], b.get("unit"),
         performed_on) for i, b in enumerate(p.get("benchmarks") or [])]


def flush(cur: StagedCursor) -> None:
    logs = cur.staged.logs.pop("benchmarks", {})
    delete_sessions(cur, "benchmarks", sorted(logs))
    append_rows(cur, "benchmarks", COLUMNS, [r for rows in logs.values() for r in rows])


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {"session.logged": _logged}
