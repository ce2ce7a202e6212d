"""The client's story read from the event store, for when the read model is behind.

The client aggregate's own events (profile, injuries, equipment profiles, transfers, roadmap)
are folded with the projector's pure client-state fold, and a session's events with its session
fold, so the documents have exactly the read model's shape and meaning (active injuries, roadmap
anchors, logs), only never stale. What the client fold derives from *session* events (adherence,
last session, latest feel/RPE) lives on other aggregates; it is kept from the read model's
document, stale or not (it does not bear on safety).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from services.projector.domain import client_state, session
from shared.writemodel.application import SpotterApplication
from shared.writemodel.outbound import to_envelope

# Derived from session aggregates' events, which the client's stream does not hold.
SESSION_DERIVED = ("adherence", "last_session", "latest_feel", "latest_session_rpe")

_Fold = Callable[[dict[str, Any] | None, dict[str, Any]], dict[str, Any]]


def _folded(app: SpotterApplication, aggregate_id: str, fold: _Fold) -> dict[str, Any] | None:
    state: dict[str, Any] | None = None
    for event in app.events.get(UUID(aggregate_id)):
        # The aggregate version stands in for the global position, which the folds only copy
        # through (a stored event does not carry its notification id).
        envelope = to_envelope(event, position=max(1, event.originator_version))
        if envelope is None:
            continue
        env = envelope.model_dump(mode="json")
        env["position"] = None
        state = fold(state, env)
    return state


def client_from_event_store(app: SpotterApplication, org_id: str,
                            client_id: str) -> dict[str, Any] | None:
    """The client document as of the latest event in the store (None: no such client here)."""
    state = _folded(app, client_id, client_state.evolve)
    if state is None or str(state.get("organization_id")) != org_id:
        return None
    return state


def fresh_client(app: SpotterApplication, org_id: str, client_id: str,
                 read_doc: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The event store's client document, with the session-derived fields of ``read_doc``."""
    state = client_from_event_store(app, org_id, client_id)
    if state is None:
        return None
    for name in SESSION_DERIVED:
        if read_doc and name in read_doc:
            state[name] = read_doc[name]
    return state


def fresh_session(app: SpotterApplication, read_doc: dict[str, Any]) -> dict[str, Any]:
    """The session document as of the latest event in the store (``read_doc`` if not there)."""
    state = _folded(app, str(read_doc["id"]), session.evolve)
    if state is None or str(state.get("organization_id")) != str(read_doc.get("organization_id")):
        return read_doc
    return state
