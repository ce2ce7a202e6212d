"""Stored event → Kafka message: the public envelope, its topic, key and headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from eventsourcing.persistence import Notification

from shared.events.envelope import Envelope
from shared.events.topics import topic_name


class OutboundMessage(NamedTuple):
    """One Kafka record, ready to send; ``position`` is the event store's notification id.

    A NamedTuple: cheap to rebuild from the plain tuples that mapping workers return."""

    position: int
    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


class DomainEventMapper(Protocol):
    """The slice of eventsourcing's Mapper the relay uses (decoding is pure, no DB access)."""

    def to_domain_event(self, stored_event: Any) -> Any: ...


class WireEncoding(Protocol):
    """Stored event → public record (shared.writemodel.outbound_wire.WireEncoder)."""

    def __call__(self, notification: Notification) -> Any: ...


ToEnvelope = Callable[[Any, int], Envelope | None]
Route = Callable[[Envelope], tuple[str, Any]]
ToMessage = Callable[[Notification], OutboundMessage | None]


class EnvelopeMessages:
    """Maps notifications to outbound messages; ``None`` for internal (unpublished) events."""

    def __init__(
        self,
        mapper: DomainEventMapper,
        to_envelope: ToEnvelope,
        route: Route,
        topic_prefix: str,
    ) -> None:
        self._mapper = mapper
        self._to_envelope = to_envelope
        self._route = route
        self._prefix = topic_prefix
        self._topics: dict[str, str] = {}

    def __call__(self, notification: Notification) -> OutboundMessage | None:
        domain_event = self._mapper.to_domain_event(notification)
        envelope = self._to_envelope(domain_event, notification.id)
        if envelope is None:
            return None
        suffix, key = self._route(envelope)
        topic = self._topics.get(suffix)
        if topic is None:
            topic = self._topics[suffix] = topic_name(self._prefix, suffix)
        return OutboundMessage(
            position=notification.id,
            topic=topic,
            key=str(key).encode(),
            value=envelope.to_json_bytes(),
            headers=envelope.headers(),
        )


class WireMessages:
    """The relay's mapping: records serialised straight from the stored events, routed under
    our topic prefix (the same bytes as :class:`EnvelopeMessages`, without re-validating)."""

    def __init__(self, encode: WireEncoding, topic_prefix: str) -> None:
        self._encode = encode
        self._prefix = topic_prefix
        self._topics: dict[str, str] = {}

    def __call__(self, notification: Notification) -> OutboundMessage | None:
        record = self._encode(notification)
        if record is None:
            return None
        topic = self._topics.get(record.topic)
        if topic is None:
            topic = self._topics[record.topic] = topic_name(self._prefix, record.topic)
        return OutboundMessage(notification.id, topic, record.key, record.value, record.headers)
