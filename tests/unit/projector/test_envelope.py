from __future__ import annotations

import json

import pytest

from services.projector.envelope import EnvelopeError, current, encode, parse, skip_reason

GOOD = {"event_id": "6f1c4bd4-5b1e-4c39-9a0e-2f8f0b8f0a11", "type": "client.registered",
        "schema_version": 1, "occurred_at": "2026-11-30T12:00:00Z",
        "organization_id": "1f1c4bd4-5b1e-4c39-9a0e-2f8f0b8f0a11", "position": 3,
        "actor": {"kind": "admin", "id": "k1"}, "aggregate_type": "client",
        "aggregate_id": "6f1c4bd4-5b1e-4c39-9a0e-2f8f0b8f0a12", "aggregate_version": 1,
        "client_id": "6f1c4bd4-5b1e-4c39-9a0e-2f8f0b8f0a12", "correlation_id": "r",
        "causation_id": None, "payload": {
            "client_id": "6f1c4bd4-5b1e-4c39-9a0e-2f8f0b8f0a12", "name": "Ana",
            "trainer_id": "6f1c4bd4-5b1e-4c39-9a0e-2f8f0b8f0a13", "goals": [],
            "experience": "beginner", "sessions_per_week": 3, "birth_year": None,
            "notes": None}}


def test_round_trip() -> None:
    assert parse(encode(GOOD)) == GOOD


@pytest.mark.parametrize("raw,reason", [
    (None, "empty"), (b"\xff", "not JSON"), (b"[1]", "invalid envelope"),
    (json.dumps({**GOOD, "payload": None}).encode(), "payload"),
    (json.dumps({**GOOD, "event_id": "nope"}).encode(), "event_id"),
    (json.dumps({**GOOD, "occurred_at": "yesterday"}).encode(), "occurred_at"),
    (json.dumps({**GOOD, "schema_version": 0}).encode(), "schema_version"),
])
def test_unparseable(raw, reason) -> None:
    with pytest.raises(EnvelopeError, match=reason):
        parse(raw)


def test_skip_reasons() -> None:
    assert skip_reason(GOOD) is None
    assert "unknown event type" in (skip_reason({**GOOD, "type": "client.teleported"}) or "")
    assert "not supported" in (skip_reason({**GOOD, "schema_version": 7}) or "")
    assert "invalid payload: sessions_per_week" in (skip_reason(
        {**GOOD, "payload": {**GOOD["payload"], "sessions_per_week": 0}}) or "")


def test_old_versions_are_upcast() -> None:
    injury = {**GOOD, "type": "client.injury_reported", "payload": {
        "injury_id": GOOD["client_id"], "region": "knee", "side": "left", "severity": 3,
        "status": "active", "description": ""}}
    upcast, reason = current(injury)
    assert reason is None and upcast["payload"]["onset"] == "unknown"
    assert upcast["schema_version"] > 1


def test_parse_is_the_models_json_dump() -> None:
    from shared.events.envelope import Envelope as EnvelopeModel

    base = ('{"event_id": "6F9619FF-8B86-4011-B42D-00C04FC964FF", "type": "client.registered",'
            ' "schema_version": 1, "occurred_at": "2026-03-01T10:00:00+01:00",'
            ' "organization_id": "6f9619ff-8b86-4011-b42d-00c04fc964fe",'
            ' "actor": {"kind": "trainer", "id": "t"}, "aggregate_type": "client",'
            ' "aggregate_id": "6f9619ff-8b86-4011-b42d-00c04fc964fd", "aggregate_version": 1,'
            ' "correlation_id": "c", "position": 3, "payload": %s}')
    for payload in ('{"a": [1, 2.5, {"b": null}], "c": "x", "d": true, "e": 1e3}',
                    '{"a": NaN, "b": [Infinity, -Infinity]}', '{"note": "NaN is fine"}'):
        raw = (base % payload).encode()
        try:
            expected = EnvelopeModel.model_validate_json(raw).model_dump(mode="json")
        except ValueError:
            continue  # the model refuses it: parse raises EnvelopeError, tested above
        assert parse(raw) == expected
        assert parse(raw.decode()) == expected
