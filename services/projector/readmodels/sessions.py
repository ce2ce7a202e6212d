"""Training sessions read model: status, request, plan, edits, approval, log, version."""

from __future__ import annotations

from typing import Callable

from psycopg import Cursor
from psycopg.types.json import Jsonb

from services.projector.domain import session as domain
from services.projector.envelope import Envelope
from services.projector.readmodels import documents


def _apply(cur: Cursor, env: Envelope) -> None:
    session_id = env["payload"]["session_id"]
    previous = None if env["type"] == "session.requested" else documents.load(
        cur, "session", session_id, "SELECT doc FROM training_sessions WHERE session_id = %s")
    s = domain.evolve(previous, env)
    documents.save(cur, "session", session_id, s, lambda c: _write(c, s))


def _write(cur: Cursor, s: dict) -> None:
    cur.execute(
        """INSERT INTO training_sessions (session_id, client_id, organization_id, trainer_id,
               status, version, requested_at, updated_at, doc)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (session_id) DO UPDATE SET trainer_id = EXCLUDED.trainer_id,
               status = EXCLUDED.status, version = EXCLUDED.version,
               requested_at = EXCLUDED.requested_at, updated_at = EXCLUDED.updated_at,
               doc = EXCLUDED.doc""",
        (s["id"], s["client_id"], s["organization_id"], s["trainer_id"], s["status"],
         s["version"], s["requested_at"], s["updated_at"], Jsonb(s)),
    )


HANDLERS: dict[str, Callable[[Cursor, Envelope], None]] = {t: _apply for t in domain.HANDLERS}
