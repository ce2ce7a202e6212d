"""Pain timeline read model: every pain flag, from a session request or a session log."""

from __future__ import annotations

from collections.abc import Callable

from services.projector.envelope import Envelope, occurred_on
from services.projector.readmodels.bulk import append_rows
from services.projector.stage import StagedCursor
from services.projector.uuids import canonical_uuid

COLUMNS = (("event_id", "uuid"), ("idx", "int8"), ("client_id", "uuid"),
           ("organization_id", "uuid"), ("session_id", "uuid"), ("source", "text"),
           ("region", "text"), ("side", "text"), ("severity", "intnum"), ("note", "text"),
           ("exercise_id", "text"), ("occurred_on", "date"), ("position", "int8"))


def _flags(cur: StagedCursor, env: Envelope, source: str, day: str) -> None:
    p = env["payload"]
    event_id = canonical_uuid(env["event_id"])
    for i, f in enumerate(p.get("pain_flags") or []):
        # an event's flags are written once: the first version of a row stays
        cur.staged.pain.setdefault((event_id, i), (
            env["event_id"], i, env["client_id"], env.get("organization_id"), p["session_id"],
            source, f["region"], f.get("side"), f.get("severity", 0), f.get("note"),
            f.get("exercise_id"), day, env.get("position")))


def _requested(cur: StagedCursor, env: Envelope) -> None:
    _flags(cur, env, "request", occurred_on(env).isoformat())


def _logged(cur: StagedCursor, env: Envelope) -> None:
    day = env["payload"].get("performed_on") or occurred_on(env).isoformat()
    _flags(cur, env, "log", day)


def flush(cur: StagedCursor) -> None:
    # an event's flags are new when the event is: a conflict means a batch to redo
    append_rows(cur, "pain_timeline", COLUMNS, list(cur.staged.pain.values()))
    cur.staged.pain.clear()


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {
    "session.requested": _requested,
    "session.logged": _logged,
}
