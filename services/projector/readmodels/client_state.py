"""Client state read model: the pure fold of domain/client_state.py stored as a document,
with the columns readers filter on (organization, trainer, version) beside it."""

from __future__ import annotations

from typing import Callable

from psycopg import Cursor
from psycopg.types.json import Jsonb

from services.projector.domain import client_state as domain
from services.projector.envelope import Envelope
from services.projector.readmodels import documents


def _apply(cur: Cursor, env: Envelope) -> None:
    client_id = domain.client_id_of(env)
    if client_id is None:
        return
    previous = documents.load(cur, "client_state", client_id,
                              "SELECT doc FROM client_state WHERE client_id = %s")
    state = domain.evolve(previous, env)
    documents.save(cur, "client_state", client_id, state, lambda c: _write(c, state))


def _write(cur: Cursor, state: dict) -> None:
    cur.execute(
        """INSERT INTO client_state (client_id, organization_id, trainer_id, name, version,
               position, doc)
           VALUES (%s, %s, %s, %s, %s, %s, %s)
           ON CONFLICT (client_id) DO UPDATE SET organization_id = EXCLUDED.organization_id,
               trainer_id = EXCLUDED.trainer_id, name = EXCLUDED.name,
               version = EXCLUDED.version, position = EXCLUDED.position, doc = EXCLUDED.doc""",
        (state["id"], state["organization_id"], state["trainer_id"], state["name"],
         state["version"], state["position"], Jsonb(state)),
    )


HANDLERS: dict[str, Callable[[Cursor, Envelope], None]] = {t: _apply for t in domain.HANDLERS}
