"""Client state read model: the pure fold of domain/client_state.py stored as a document,
with the columns readers filter on (organization, trainer, version) beside it."""

from __future__ import annotations

from collections.abc import Callable

from services.projector.domain import client_state as domain
from services.projector.envelope import Envelope
from services.projector.readmodels import documents
from services.projector.readmodels.bulk import insert_rows
from services.projector.stage import StagedCursor

KIND = "client_state"
LOAD_ONE = "SELECT doc FROM client_state WHERE client_id = %s"
LOAD_MANY = "SELECT client_id, doc FROM client_state WHERE client_id = ANY(%s::uuid[])"
COLUMNS = (("client_id", "uuid"), ("organization_id", "uuid"), ("trainer_id", "uuid"),
           ("name", "text"), ("version", "int8"), ("position", "int8"), ("doc", "jsonb"))


def keys(env: Envelope) -> str | None:
    """The document an event of this read model touches (for the batch's preload)."""
    return domain.client_id_of(env) if env["type"] in domain.HANDLERS else None


def _apply(cur: StagedCursor, env: Envelope) -> None:
    client_id = domain.client_id_of(env)
    if client_id is None:
        return
    previous = documents.load(cur, KIND, client_id, LOAD_ONE)
    # a document this batch evolved already is the batch's own (the stored one is read anew
    # by any retry): evolving it in place spares a deep copy per event
    owned = client_id in cur.staged.dirty.get(KIND, {})
    documents.save(cur, KIND, client_id, domain.evolve(previous, env, owned=owned))


def flush(cur: StagedCursor) -> None:
    rows = [(s["id"], s["organization_id"], s["trainer_id"], s["name"], s["version"],
             s["position"], s) for s in documents.dirty(cur, KIND)]
    insert_rows(cur, "client_state", COLUMNS, rows, """ON CONFLICT (client_id) DO UPDATE
        SET organization_id = EXCLUDED.organization_id, trainer_id = EXCLUDED.trainer_id,
            name = EXCLUDED.name, version = EXCLUDED.version, position = EXCLUDED.position,
            doc = EXCLUDED.doc""")


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {
    t: _apply for t in domain.HANDLERS}
