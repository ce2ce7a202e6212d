"""From stored domain events to the public contract, for the outbox relay.

``to_envelope`` maps a domain event (with its notification id as global position) to its
Envelope, validating the payload by the contract model and dropping internal fields such as an
API key's secret hash; internal aggregates (IdempotencyRecord) map to None and are skipped.
``route`` gives the topic suffix constant and the Kafka key. This is the validating reference;
the relay writes the same bytes through ``outbound_wire`` without re-validating.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Notification

from shared.events import topics
from shared.events.envelope import Actor, Envelope
from shared.writemodel.application import SpotterApplication

EVENT_ID_NAMESPACE = uuid5(NAMESPACE_URL, "https://spotter.invalid/events")


def event_id_for(aggregate_id: UUID, aggregate_version: int) -> UUID:
    """Deterministic, so a message republished after a relay crash keeps its event id."""
    return uuid5(EVENT_ID_NAMESPACE, f"{aggregate_id}:{aggregate_version}")


def to_envelope(domain_event: Any, position: int) -> Envelope | None:
    contract = getattr(type(domain_event), "CONTRACT", None)
    if contract is None:
        return None
    payload = contract.model_validate(
        {name: getattr(domain_event, name) for name in contract.model_fields}
    ).to_payload()
    meta = domain_event.meta
    return Envelope(
        event_id=event_id_for(domain_event.originator_id, domain_event.originator_version),
        type=contract.event_type,
        schema_version=contract.schema_version,
        occurred_at=domain_event.timestamp,
        organization_id=meta["organization_id"],
        actor=Actor(kind=meta["actor_kind"], id=meta["actor_id"]),
        aggregate_type=contract.aggregate_type,
        aggregate_id=domain_event.originator_id,
        aggregate_version=domain_event.originator_version,
        client_id=meta.get("client_id"),
        correlation_id=meta["correlation_id"],
        causation_id=meta.get("causation_id"),
        position=position,
        payload=payload,
    )


def envelope_from_notification(
    app: SpotterApplication, notification: Notification
) -> Envelope | None:
    """Decode one row of the log (``app.recorder.select_notifications``) and map it."""
    return to_envelope(app.mapper.to_domain_event(notification), notification.id)


def read_envelopes(
    app: SpotterApplication, after: int, limit: int = 500
) -> list[tuple[int, Envelope | None]]:
    """The next notifications after position ``after``, in commit order, each with its
    envelope or None (internal, to skip). The relay advances its position over both."""
    notifications = app.recorder.select_notifications(
        start=after, limit=limit, inclusive_of_start=False
    )
    return [(n.id, envelope_from_notification(app, n)) for n in notifications]


def route(envelope: Envelope) -> tuple[str, str]:
    """``(topic suffix constant, key)``: client stories by client id, trainers by trainer id,
    organizations and API keys by organization id."""
    topic = topics.topic_for_event_type(envelope.type)
    if topic == topics.CLIENTS:
        if envelope.client_id is None:
            raise ValueError(f"{envelope.type} {envelope.event_id} has no client_id")
        return topic, str(envelope.client_id)
    if topic == topics.TRAINERS:
        return topic, str(envelope.aggregate_id)
    return topic, str(envelope.organization_id)
