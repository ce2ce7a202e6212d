"""The public interface the engine codes against: load_library, Exercise, ExerciseLibrary."""

from __future__ import annotations

import copy
import dataclasses
import json
from importlib import resources
from typing import Any

import pytest

from services.generator.engine.library import (
    Exercise,
    ExerciseLibrary,
    LibraryError,
    load_library,
    parse_library,
)
from services.generator.engine.library.loader import schema_problems
from services.generator.engine.library.vocab import PATTERNS


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    text = resources.files("services.generator.engine.library").joinpath(
        "exercises.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_load_library_is_cached_and_versioned(raw) -> None:
    library = load_library()
    assert load_library() is library
    assert isinstance(library, ExerciseLibrary)
    assert library.version == raw["version"]
    assert len(library.all()) == len(raw["exercises"]) >= 200


def test_get_returns_the_exercise_with_json_fields(raw) -> None:
    goblet = load_library().get("goblet_squat")
    assert isinstance(goblet, Exercise)
    assert goblet.pattern == "squat"
    assert goblet.equipment == ("dumbbell",)
    assert goblet.reps == (8, 12) and goblet.duration_s is None
    assert "back_squat" in goblet.progressions
    assert [f.name for f in dataclasses.fields(Exercise)] == list(raw["exercises"][0])


def test_get_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        load_library().get("no_such_exercise")


def test_exercises_are_frozen_and_use_tuples() -> None:
    plank = load_library().get("front_plank")
    with pytest.raises(dataclasses.FrozenInstanceError):
        plank.name = "changed"  # type: ignore[misc]
    assert plank.reps is None and plank.duration_s == (20, 60)
    for value in (plank.roles, plank.equipment, plank.primary_muscles, plank.cues, plank.tags):
        assert isinstance(value, tuple)
    hash(plank)


def test_by_pattern_partitions_the_library_in_file_order() -> None:
    library = load_library()
    total = 0
    for pattern in PATTERNS:
        members = library.by_pattern(pattern)
        assert members and all(e.pattern == pattern for e in members)
        order = [library.all().index(e) for e in members]
        assert order == sorted(order)
        total += len(members)
    assert total == len(library.all())
    assert library.by_pattern("juggling") == ()


def test_bodyweight_friendly_means_band_or_mat_at_most() -> None:
    library = load_library()
    assert library.get("push_up").bodyweight_friendly
    assert library.get("band_row").bodyweight_friendly
    assert not library.get("goblet_squat").bodyweight_friendly


def _one_exercise_document(raw: dict[str, Any], **changes: Any) -> dict[str, Any]:
    item = copy.deepcopy(raw["exercises"][0]) | {"regressions": [], "progressions": []}
    item.update(changes)
    return {"version": "9.9.9", "exercises": [item]}


@pytest.mark.parametrize(
    "changes",
    [
        {"equipment": ["sofa"]},
        {"pattern": "isolation"},
        {"positions": ["upside_down"]},
        {"reps": [8, 12], "duration_s": [20, 30]},
        {"reps": None, "duration_s": None},
        {"reps": [0, 5]},
        {"reps": [5]},
        {"cues": ["Only one cue here"]},
        {"id": "Goblet Squat"},
        {"roles": []},
        {"compound": "yes"},
        {"colour": "red"},
    ],
)
def test_schema_rejects_malformed_exercises(raw, changes) -> None:
    assert schema_problems(_one_exercise_document(raw)) == []
    assert schema_problems(_one_exercise_document(raw, **changes)) != []


def test_parse_library_rejects_an_asymmetric_link(raw) -> None:
    document = _one_exercise_document(raw, progressions=["some_harder_variant"])
    second = _one_exercise_document(raw, id="some_harder_variant", name="Some Harder Variant")
    document["exercises"] += second["exercises"]  # it does not list the first as a regression
    with pytest.raises(LibraryError) as caught:
        parse_library(document)
    assert any("lacks regression" in problem for problem in caught.value.problems)


def test_parse_library_rejects_a_schema_violation_before_building(raw) -> None:
    document = _one_exercise_document(raw, equipment=["sofa"])
    with pytest.raises(LibraryError) as caught:
        parse_library(document)
    assert any("exercises/0/equipment/0" in problem for problem in caught.value.problems)
