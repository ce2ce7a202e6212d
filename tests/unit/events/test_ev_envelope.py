"""The envelope: JSON bytes round trip, headers, upcasting on read, errors consumers catch."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest
from pydantic import ValidationError

from shared.events import (
    Envelope,
    EventContractError,
    UnknownEventType,
    UnsupportedSchemaVersion,
)
from shared.events.examples import CLIENT, EXAMPLES, ORG
from shared.events.payloads.clients import InjuryReported


def envelope(**overrides: object) -> Envelope:
    fields = {
        "event_id": str(uuid4()), "type": "client.injury_reported", "schema_version": 2,
        "occurred_at": "2026-11-30T12:00:00Z", "organization_id": ORG,
        "actor": {"kind": "trainer", "id": "key-7"}, "aggregate_type": "client",
        "aggregate_id": CLIENT, "aggregate_version": 3, "client_id": CLIENT,
        "correlation_id": "req-9", "causation_id": None, "position": 1234,
        "payload": EXAMPLES["client.injury_reported"],
    }
    return Envelope.model_validate({**fields, **overrides})


def test_json_bytes_round_trip_and_wire_shape() -> None:
    original = envelope()
    data = original.to_json_bytes()
    assert Envelope.from_json_bytes(data) == original
    wire = json.loads(data)
    assert wire["occurred_at"] == "2026-11-30T12:00:00Z" and wire["position"] == 1234
    assert set(wire) == set(Envelope.model_fields)


def test_headers_carry_type_version_id_correlation_and_position() -> None:
    original = envelope()
    headers = dict(original.headers())
    assert headers["event_type"] == b"client.injury_reported"
    assert headers["schema_version"] == b"2" and headers["position"] == b"1234"
    assert headers["event_id"] == str(original.event_id).encode()
    assert headers["correlation_id"] == b"req-9"
    assert headers["content_type"] == b"application/json"


def test_naive_times_and_bad_actor_kinds_are_refused() -> None:
    with pytest.raises(ValidationError):
        envelope(occurred_at="2026-11-30T12:00:00")
    with pytest.raises(ValidationError):
        envelope(actor={"kind": "robot", "id": "x"})


def test_current_payload_upcasts_an_old_version() -> None:
    v1 = {k: v for k, v in EXAMPLES["client.injury_reported"].items() if k != "onset"}
    payload = envelope(schema_version=1, payload=v1).current_payload()
    assert isinstance(payload, InjuryReported) and payload.onset == "unknown"


def test_unknown_types_and_newer_versions_raise_catchable_errors() -> None:
    with pytest.raises(UnknownEventType):
        envelope(type="client.teleported").current_payload()
    with pytest.raises(UnsupportedSchemaVersion) as info:
        envelope(schema_version=3).current_payload()
    assert info.value.current == 2
    assert issubclass(UnknownEventType, EventContractError)
    assert issubclass(UnsupportedSchemaVersion, EventContractError)
