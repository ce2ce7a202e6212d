"""The cheap envelope parse agrees with the envelope model: same dict, or it defers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from services.projector import canonical_envelope
from services.projector.envelope import EnvelopeError, parse
from shared.events.envelope import Envelope as EnvelopeModel

BASE: dict[str, Any] = {
    "event_id": "6f9619ff-8b86-4011-b42d-00c04fc964ff", "type": "client.registered",
    "schema_version": 1, "occurred_at": "2026-03-01T10:00:00+00:00",
    "organization_id": "6f9619ff-8b86-4011-b42d-00c04fc964fe",
    "actor": {"kind": "trainer", "id": "t"}, "aggregate_type": "client",
    "aggregate_id": "6f9619ff-8b86-4011-b42d-00c04fc964fd", "aggregate_version": 1,
    "client_id": "6f9619ff-8b86-4011-b42d-00c04fc964fd", "correlation_id": "c",
    "causation_id": None, "position": 3, "payload": {"a": [1, 2.5, {"b": None}], "c": "é"}}

VARIANTS: list[dict[str, Any]] = [
    {}, {"occurred_at": "2026-03-01T10:00:00Z"},
    {"occurred_at": "2026-03-01T10:00:00.000000+00:00"},
    {"occurred_at": "2026-03-01T10:00:00.000000Z"},
    {"occurred_at": "2026-03-01T10:00:00.120000+00:00"},
    {"occurred_at": "2026-03-01T10:00:00.12Z"}, {"occurred_at": "2026-03-01T10:00:00+01:00"},
    {"occurred_at": "2026-02-30T10:00:00Z"}, {"occurred_at": "2026-03-01T24:00:00Z"},
    {"occurred_at": "2026-03-01T10:00:00"}, {"occurred_at": "2026-03-01 10:00:00Z"},
    {"occurred_at": 1700000000}, {"occurred_at": "0000-03-01T10:00:00Z"},
    {"event_id": "6F9619FF-8B86-4011-B42D-00C04FC964FF"}, {"event_id": "nope"},
    {"event_id": "6f9619ff8b864011b42d00c04fc964ff"}, {"client_id": None},
    {"client_id": 5}, {"causation_id": "x"}, {"causation_id": 3},
    {"schema_version": 0}, {"schema_version": "2"}, {"schema_version": 2.0},
    {"schema_version": True}, {"position": 0}, {"position": 2**70},
    {"aggregate_version": -1}, {"aggregate_type": "gym"}, {"aggregate_type": None},
    {"actor": {"kind": "trainer"}}, {"actor": {"kind": "alien", "id": "t"}},
    {"actor": {"kind": "system", "id": ""}}, {"actor": {"kind": "system", "id": "s", "x": 1}},
    {"actor": "system"}, {"type": 3}, {"correlation_id": None}, {"payload": None},
    {"payload": []}, {"payload": {"n": 1e300, "s": "NaN is fine", "u": "\ud83d\ude00"}},
    {"extra_field": {"ignored": True}},
]
DROPPED = ["client_id", "causation_id", "payload", "position", "actor", "occurred_at"]


def _model_dump(raw: bytes) -> dict[str, Any] | None:
    try:
        return EnvelopeModel.model_validate_json(raw).model_dump(mode="json")
    except ValidationError:
        return None


def _cases() -> list[bytes]:
    cases = [json.dumps({**BASE, **v}).encode() for v in VARIANTS]
    cases += [json.dumps({k: v for k, v in BASE.items() if k != key}).encode()
              for key in DROPPED]
    cases += [json.dumps({**BASE, **v}, ensure_ascii=False).encode() for v in VARIANTS[:3]]
    cases += [b"[1]", b"null", b"{", b"\xff\xfe", b'{"payload": {"a": NaN}}',
              json.dumps({**BASE, "payload": {"x": float("inf")}}).encode()]
    return cases


@pytest.mark.parametrize("raw", _cases())
def test_agrees_with_the_model(raw: bytes) -> None:
    expected = _model_dump(raw)
    fast = canonical_envelope.parse(raw)
    if fast is not None:  # it may defer, but never disagree
        assert fast == expected
    if expected is None:
        with pytest.raises(EnvelopeError):
            parse(raw)
    else:
        assert parse(raw) == expected
        assert parse(raw.decode("utf-8")) == expected


def test_takes_the_relays_form() -> None:
    # the fast path is only worth having if our own envelopes take it
    assert canonical_envelope.parse(json.dumps(BASE).encode()) is not None
    assert canonical_envelope.parse(
        EnvelopeModel.model_validate(BASE).to_json_bytes()) is not None
