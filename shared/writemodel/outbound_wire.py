"""Stored events straight to Kafka record bytes, for the outbox relay's hot path.

Every stored event's contract fields were validated, and stored in JSON mode, when the aggregate
recorded it (``domain.base.validated``), so re-validating them with the contract and then
validating an ``Envelope`` around them (what ``outbound.to_envelope`` does) cannot change them:
here the envelope is serialised directly from the decoded stored state, with pydantic-core's own
JSON serialiser, so the bytes are the ones ``Envelope.to_json_bytes`` gives.

Anything the shortcut cannot vouch for (an envelope field that would need coercing or fail
validation, a contract field missing from an old event, encryption, compression, class-version
upcasting) takes the validating path instead, with its exact behaviour, errors included.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any, NamedTuple, get_args
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import resolve_topic
from pydantic_core import to_json

from shared.events import topics
from shared.events.envelope import CONTENT_TYPE, AggregateType, Envelope
from shared.events.vocabulary import ActorKind
from shared.writemodel.outbound import EVENT_ID_NAMESPACE, route, to_envelope

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_ACTOR_KINDS = frozenset(get_args(ActorKind))
_AGGREGATE_TYPES = frozenset(get_args(AggregateType))
_CONTENT_TYPE = CONTENT_TYPE.encode()
_UNPLANNED = object()
_NAMESPACE = EVENT_ID_NAMESPACE.bytes
_VARIANT_DIGIT = "89ab89ab89ab89ab"  # RFC 4122 variant bits over the digest's nibble


class WireRecord(NamedTuple):
    """One public event as Kafka carries it; ``topic`` is the suffix constant (topics.py)."""

    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


class _Plan(NamedTuple):
    """What is constant for one stored event class."""

    fields: tuple[str, ...]
    event_type: str
    schema_version: int
    aggregate_type: str
    topic: str
    type_header: bytes
    version_header: bytes
    validate_only: bool  # class-version upcasting: only the mapper knows how


def record_from_envelope(envelope: Envelope) -> WireRecord:
    """The validating path's record: what the fast path must reproduce byte for byte."""
    topic, key = route(envelope)
    return WireRecord(topic, key.encode(), envelope.to_json_bytes(), envelope.headers())


def _uuid_text(value: Any) -> bool:
    # Only a canonical UUID string survives UUID validation and serialisation unchanged.
    return type(value) is str and _CANONICAL_UUID.match(value) is not None


def event_id_text(aggregate_id: str, aggregate_version: int) -> str:
    """``str(outbound.event_id_for(...))`` for a canonical id, at a third of its cost: the
    UUID5 digest formatted directly, without building UUID objects."""
    h = hashlib.sha1(_NAMESPACE + f"{aggregate_id}:{aggregate_version}".encode()).hexdigest()
    return (f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT_DIGIT[int(h[16], 16)]}{h[17:20]}-"
            f"{h[20:32]}")


def _positive_int(value: Any) -> bool:
    return type(value) is int and value >= 1


class WireEncoder:
    """Maps notifications to records (``None`` for internal events that are never published)."""

    def __init__(self, mapper: Mapper[UUID]) -> None:
        self._mapper = mapper
        self._plans: dict[str, _Plan | None] = {}

    def __call__(self, notification: Notification) -> WireRecord | None:
        plan = self._plans.get(notification.topic, _UNPLANNED)
        if plan is _UNPLANNED:
            plan = self._plans[notification.topic] = self._plan(notification.topic)
        if plan is None:
            return None
        assert isinstance(plan, _Plan)
        record = None
        if not plan.validate_only and self._mapper.cipher is None and (
            self._mapper.compressor is None
        ):
            record = self._encode(plan, notification)
        return record if record is not None else self.validated(notification)

    def validated(self, notification: Notification) -> WireRecord | None:
        """The validating path: contract ``model_validate`` and an ``Envelope``."""
        envelope = to_envelope(self._mapper.to_domain_event(notification), notification.id)
        return None if envelope is None else record_from_envelope(envelope)

    @staticmethod
    def _plan(topic: str) -> _Plan | None:
        cls = resolve_topic(topic)
        contract = getattr(cls, "CONTRACT", None)
        if contract is None:
            return None
        aggregate_type = contract.aggregate_type
        return _Plan(
            fields=tuple(contract.model_fields),
            event_type=contract.event_type,
            schema_version=contract.schema_version,
            aggregate_type=aggregate_type,
            topic=topics.topic_for_event_type(contract.event_type),
            type_header=contract.event_type.encode(),
            version_header=str(contract.schema_version).encode(),
            validate_only=getattr(cls, "class_version", 1) != 1
            or aggregate_type not in _AGGREGATE_TYPES
            or not _positive_int(contract.schema_version),
        )

    def _encode(self, plan: _Plan, notification: Notification) -> WireRecord | None:
        """The record, or None where only the validating path can decide."""
        state = self._mapper.transcoder.decode(notification.state)
        meta = state.get("meta")
        occurred_at = state.get("timestamp")
        aggregate_id = notification.originator_id
        version = notification.originator_version
        position = notification.id
        if not (
            type(meta) is dict and isinstance(occurred_at, datetime)
            and occurred_at.utcoffset() is not None and isinstance(aggregate_id, UUID)
            and _positive_int(version) and _positive_int(position)
            and "class_version" not in state
        ):
            return None
        organization_id = meta.get("organization_id")
        actor_kind, actor_id = meta.get("actor_kind"), meta.get("actor_id")
        client_id, causation_id = meta.get("client_id"), meta.get("causation_id")
        correlation_id = meta.get("correlation_id")
        if not (
            _uuid_text(organization_id) and actor_kind in _ACTOR_KINDS
            and type(actor_id) is str and actor_id and type(correlation_id) is str
            and (client_id is None or _uuid_text(client_id))
            and (causation_id is None or type(causation_id) is str)
        ):
            return None
        try:
            payload = {name: state[name] for name in plan.fields}
        except KeyError:
            return None  # recorded before the contract grew a field
        aggregate = str(aggregate_id)
        if plan.topic == topics.CLIENTS:
            if client_id is None:
                return None  # the validating path raises the routing error
            key = client_id
        else:
            key = aggregate if plan.topic == topics.TRAINERS else organization_id
        event_id = event_id_text(aggregate, version)
        # Keys in Envelope's field order: the same serialiser then writes the same bytes.
        value = to_json({
            "event_id": event_id, "type": plan.event_type,
            "schema_version": plan.schema_version, "occurred_at": occurred_at,
            "organization_id": organization_id, "actor": {"kind": actor_kind, "id": actor_id},
            "aggregate_type": plan.aggregate_type, "aggregate_id": aggregate,
            "aggregate_version": version, "client_id": client_id,
            "correlation_id": correlation_id, "causation_id": causation_id,
            "position": position, "payload": payload,
        })
        headers = [
            ("event_type", plan.type_header), ("schema_version", plan.version_header),
            ("event_id", event_id.encode()), ("correlation_id", correlation_id.encode()),
            ("position", str(position).encode()), ("content_type", _CONTENT_TYPE),
        ]
        return WireRecord(plan.topic, key.encode(), value, headers)
