"""The reader's check is what apply_batch would find itself; a current envelope crosses the
pipe as one dict, not as two equal ones."""

from __future__ import annotations

import json
from typing import Any

from services.projector import envelope as wire
from services.projector.rebuild.checked_replay import check
from shared.events.examples import EXAMPLES

ENV: dict[str, Any] = {
    "event_id": "6f9619ff-8b86-4011-b42d-00c04fc964ff", "type": "session.generated",
    "schema_version": 1, "occurred_at": "2026-03-01T10:00:00Z",
    "organization_id": "6f9619ff-8b86-4011-b42d-00c04fc964fe",
    "actor": {"kind": "system", "id": "generator"}, "aggregate_type": "client",
    "aggregate_id": "6f9619ff-8b86-4011-b42d-00c04fc964fd", "aggregate_version": 4,
    "client_id": "6f9619ff-8b86-4011-b42d-00c04fc964fd", "correlation_id": "c",
    "causation_id": None, "position": 3, "payload": EXAMPLES["session.generated"]}


def _value(**changes: Any) -> bytes:
    return json.dumps({**ENV, **changes}).encode()


def test_a_current_envelope_is_one_dict_equal_to_both_checks() -> None:
    env, error, current, reason = check(_value())
    parsed = wire.parse(_value())
    expected, why = wire.current(parsed)
    assert error is None and reason is None and why is None
    assert env is current  # shared, not copied
    assert env == parsed and current == expected


def test_skipped_and_unparseable_messages_keep_their_reasons() -> None:
    env, _, current, reason = check(_value(type="session.teleported"))
    assert reason is not None and env is current == wire.parse(_value(type="session.teleported"))
    env, error, current, reason = check(b"\xffnot an envelope")
    assert env is None and current is None and reason is None and error
