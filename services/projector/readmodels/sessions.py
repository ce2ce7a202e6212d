"""Training sessions read model: status, request, plan, edits, approval, log, version."""

from __future__ import annotations

from collections.abc import Callable

from services.projector.domain import session as domain
from services.projector.envelope import Envelope
from services.projector.readmodels import documents
from services.projector.readmodels.bulk import insert_rows
from services.projector.stage import StagedCursor
from services.projector.uuids import canonical_uuid

KIND = "session"
LOAD_ONE = "SELECT doc FROM training_sessions WHERE session_id = %s"
LOAD_MANY = ("SELECT session_id, doc FROM training_sessions"
             " WHERE session_id = ANY(%s::uuid[])")
COLUMNS = (("session_id", "uuid"), ("client_id", "uuid"), ("organization_id", "uuid"),
           ("trainer_id", "uuid"), ("status", "text"), ("version", "int8"),
           ("requested_at", "timestamptz"), ("updated_at", "timestamptz"), ("doc", "jsonb"))


def session_key(env: Envelope) -> str:
    """The session id in one spelling, so one session is one document of the batch."""
    return canonical_uuid(env["payload"]["session_id"])


def keys(env: Envelope) -> str | None:
    """The stored document an event needs (a request starts a new one: none)."""
    if env["type"] not in domain.HANDLERS or env["type"] == "session.requested":
        return None
    return session_key(env)


def _apply(cur: StagedCursor, env: Envelope) -> None:
    session_id = session_key(env)
    previous = None if env["type"] == "session.requested" else documents.load(
        cur, KIND, session_id, LOAD_ONE)
    documents.save(cur, KIND, session_id, domain.evolve(previous, env))


def flush(cur: StagedCursor) -> None:
    rows = [(s["id"], s["client_id"], s["organization_id"], s["trainer_id"], s["status"],
             s["version"], s["requested_at"], s["updated_at"], s)
            for s in documents.dirty(cur, KIND)]
    insert_rows(cur, "training_sessions", COLUMNS, rows, """ON CONFLICT (session_id) DO UPDATE
        SET trainer_id = EXCLUDED.trainer_id, status = EXCLUDED.status,
            version = EXCLUDED.version, requested_at = EXCLUDED.requested_at,
            updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc""")


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {
    t: _apply for t in domain.HANDLERS}
