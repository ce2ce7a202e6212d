"""Golden JSON of every superseded version upcasts to a valid current payload."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.events.payloads.legacy import LEGACY_MODELS
from shared.events.registry import current_version, model_for
from shared.events.upcasting import old_versions, upcast

GOLDEN = Path(__file__).parent / "golden"
LEGACY = {(m.event_type, m.schema_version): m for m in LEGACY_MODELS}


def test_every_old_version_has_golden_json_and_a_legacy_model() -> None:
    assert old_versions(), "expected at least one upcaster"
    for event_type, version in old_versions():
        assert (GOLDEN / f"{event_type}.v{version}.json").exists()
        assert (event_type, version) in LEGACY
    for path in GOLDEN.glob("*.json"):
        event_type, version = path.name.removesuffix(".json").rsplit(".v", 1)
        assert (event_type, int(version)) in old_versions(), f"orphan golden file {path.name}"


@pytest.mark.parametrize("event_type,version", old_versions())
def test_golden_payload_upcasts_to_a_valid_current_payload(event_type: str, version: int) -> None:
    old = json.loads((GOLDEN / f"{event_type}.v{version}.json").read_text())
    LEGACY[(event_type, version)].model_validate(old)  # the golden file is a real old payload
    new_version, new = upcast(event_type, version, old)
    assert new_version == current_version(event_type)
    current = model_for(event_type).model_validate(new)
    for field, value in old.items():  # nothing the old payload said is lost
        assert current.to_payload()[field] == value


def test_upcasting_is_pure_and_current_payloads_pass_through() -> None:
    old = json.loads((GOLDEN / "client.injury_reported.v1.json").read_text())
    snapshot = dict(old)
    _, new = upcast("client.injury_reported", 1, old)
    assert old == snapshot and new["onset"] == "unknown"
    assert upcast("client.injury_reported", 2, new) == (2, new)
