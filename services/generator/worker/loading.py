"""Gather what one session request needs, after the projector has caught up with it.

Safety never rests on a stale read model. The wait for the projector's watermark is bounded;
when it times out (or the read model has no document for the client) the client's state —
profile, active injuries, equipment profiles and roadmap — is read from the event store
instead (adapters/client_events.py): the write model is consistent and always at least as new
as the request, so a just-reported injury is honoured. The session history still comes from
the read model's list, but each session in the window that the read model shows open
(requested, generated, approved) is re-read from the event store, so a log with pain flags the
projector has not applied yet still keeps that exercise out. What may still be missing is a
session the read model has never seen (requested and logged within the lag): it only costs
progression, and the plan says its history may be incomplete (``history_complete``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

import structlog
from psycopg import Connection

from services.generator.adapters import readmodels
from services.generator.adapters.client_events import fresh_client, fresh_session
from services.generator.adapters.writemodel import methodology_at
from services.generator.outcomes import GenerationRequest
from shared.events.envelope import Envelope
from shared.writemodel.application import SpotterApplication

log = structlog.get_logger(__name__)

# Open sessions re-read from the event store per request when behind (newest first): one
# query each, on a database that is already slow; older ones keep the read model's view.
REFRESH_LIMIT = 20

INCOMPLETE_NOTE = ("History may be incomplete: the read models had not caught up with this "
                   "request within {timeout:g} s, so a session logged meanwhile may be missing; "
                   "injuries, equipment, profile and roadmap were read from the event store")


def _bounded(refresh: Callable[[dict[str, Any]], dict[str, Any]],
             limit: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``refresh`` for the first ``limit`` documents, the documents as they are after that."""
    left = limit

    def at_most(doc: dict[str, Any]) -> dict[str, Any]:
        nonlocal left
        if left <= 0:
            return doc
        left -= 1
        return refresh(doc)
    return at_most


def load_request(envelope: Envelope, conn: Connection, app: SpotterApplication, *,
                 watermark_timeout_s: float, history_days: int) -> GenerationRequest:
    """The request's inputs; ``history_complete`` is False when the watermark wait timed out."""
    payload = envelope.payload
    org_id, client_id = str(envelope.organization_id), str(envelope.client_id)
    session_id = str(envelope.aggregate_id)
    complete = readmodels.wait_until_applied(conn, client_id, envelope.position,
                                             watermark_timeout_s)
    client = readmodels.client_state(conn, org_id, client_id)
    if not complete or client is None:
        log.info("client_state_from_event_store", session_id=session_id, client_id=client_id,
                 watermark_reached=complete)
        client = fresh_client(app, org_id, client_id, client)
        if client is None:  # the request names a client the store does not hold: never guess
            raise LookupError(f"client {client_id} of organization {org_id} is not in the "
                              "event store")
    # The request's own date, not the clock: a redelivery tomorrow plans the same session.
    on = envelope.occurred_at.astimezone(dt.UTC).date()
    history = readmodels.recent_sessions(
        conn, org_id, client_id, on - dt.timedelta(days=history_days), session_id,
        refresh=None if complete else _bounded(partial(fresh_session, app), REFRESH_LIMIT))
    methodology = methodology_at(app, str(payload["trainer_id"]),
                                 int(payload["methodology_version"]))
    return GenerationRequest(
        session_id=session_id, client_id=client_id, methodology=methodology, client=client,
        history=history, roadmap_position=readmodels.roadmap_position(client, on), today=payload,
        date=on, seed=session_id, history_complete=complete,
    )
