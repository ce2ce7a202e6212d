"""Gather what one session request needs, after the projector has caught up with it."""

from __future__ import annotations

import datetime as dt

from psycopg import Connection

from services.generator.adapters import readmodels
from services.generator.adapters.writemodel import methodology_at
from services.generator.outcomes import GenerationRequest
from shared.events.envelope import Envelope
from shared.writemodel.application import SpotterApplication

INCOMPLETE_NOTE = ("History may be incomplete: the read models had not caught up with this "
                   "request within {timeout:g} s, so the plan uses what was there")


def load_request(envelope: Envelope, conn: Connection, app: SpotterApplication, *,
                 watermark_timeout_s: float, history_days: int) -> GenerationRequest:
    """The request's inputs; ``history_complete`` is False when the watermark wait timed out."""
    payload = envelope.payload
    org_id, client_id = str(envelope.organization_id), str(envelope.client_id)
    session_id = str(envelope.aggregate_id)
    complete = readmodels.wait_until_applied(conn, client_id, envelope.position,
                                             watermark_timeout_s)
    client = readmodels.client_state(conn, org_id, client_id) or {"id": client_id}
    # The request's own date, not the clock: a redelivery tomorrow plans the same session.
    on = envelope.occurred_at.astimezone(dt.timezone.utc).date()
    history = readmodels.recent_sessions(conn, org_id, client_id,
                                         on - dt.timedelta(days=history_days), session_id)
    methodology = methodology_at(app, str(payload["trainer_id"]),
                                 int(payload["methodology_version"]))
    return GenerationRequest(
        session_id=session_id, client_id=client_id, methodology=methodology, client=client,
        history=history, roadmap_position=readmodels.roadmap_position(client, on), today=payload,
        date=on, seed=session_id, history_complete=complete,
    )
