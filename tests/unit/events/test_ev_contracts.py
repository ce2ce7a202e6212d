"""The payload models: every catalogue event is registered, shapes validate their ranges."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.events import topics
from shared.events.errors import UnknownEventType
from shared.events.examples import BLOCK, EXAMPLES, PAIN_FLAG
from shared.events.registry import EVENT_MODELS, current_version, model_for
from shared.events.shapes import Block, Methodology, PainFlag

# The table of docs/event-catalogue.md, spelled out so a dropped event fails here.
CATALOGUE = {
    "organization.created", "api_key.issued", "api_key.revoked", "trainer.registered",
    "trainer.methodology_updated", "client.registered", "client.profile_updated",
    "client.injury_reported", "client.injury_updated", "client.injury_resolved",
    "client.equipment_profile_set", "client.transferred", "roadmap.generated",
    "roadmap.adjusted", "roadmap.block_advanced", "session.requested", "session.generated",
    "session.generation_failed", "session.referred", "session.edited", "session.approved",
    "session.logged", "session.cancelled",
}


def test_every_catalogue_event_is_registered_with_a_version_and_topic() -> None:
    assert set(EVENT_MODELS) == CATALOGUE
    for name, model in EVENT_MODELS.items():
        assert model.event_type == name and isinstance(model.schema_version, int)
        assert topics.topic_for_event_type(name) in topics.ALL
    assert current_version("client.injury_reported") == 2


def test_examples_are_valid_and_models_are_frozen() -> None:
    for name, payload in EXAMPLES.items():
        model = model_for(name).model_validate(payload)
        with pytest.raises(ValidationError):
            setattr(model, next(iter(type(model).model_fields)), None)


def test_unknown_fields_and_types_are_refused() -> None:
    with pytest.raises(ValidationError):
        model_for("client.injury_resolved").model_validate(
            {**EXAMPLES["client.injury_resolved"], "surprise": 1})
    with pytest.raises(UnknownEventType):
        model_for("client.teleported")


def test_methodology_defaults_and_vocabularies() -> None:
    default = Methodology()
    assert default.progression_method == "double_progression"
    assert default.deload.every_weeks == 5 and default.session_structure.warmup_min == 8
    with pytest.raises(ValidationError):
        Methodology(effort_scale="vibes")  # type: ignore[arg-type]


@pytest.mark.parametrize("severity", [-1, 11])
def test_pain_flag_severity_is_0_to_10(severity: int) -> None:
    with pytest.raises(ValidationError):
        PainFlag.model_validate({**PAIN_FLAG, "severity": severity})


def test_block_ranges_must_be_ordered() -> None:
    with pytest.raises(ValidationError):
        Block.model_validate({**BLOCK, "rep_range": [12, 8]})
    with pytest.raises(ValidationError):
        Block.model_validate({**BLOCK, "deload_week": 9})
