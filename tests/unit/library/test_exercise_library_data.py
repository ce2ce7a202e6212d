"""The shipped exercises.json, checked straight from the raw JSON (not through the loader's own
checks) so a bug in the loader cannot hide a bad data file."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

import jsonschema
import pytest

from services.generator.engine.library import vocab
from shared.events.vocabulary import EQUIPMENT

PACKAGE = "services.generator.engine.library"
MINIMAL = {"band", "mat"}


def _read(name: str) -> Any:
    return json.loads(resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return _read("exercises.json")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return _read("exercises.schema.json")


@pytest.fixture(scope="module")
def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in document["exercises"]}


def test_file_validates_against_its_schema(document, schema) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert errors == [], [e.message for e in errors[:5]]


def test_schema_enums_match_the_python_vocabularies(schema) -> None:
    props = schema["properties"]["exercises"]["items"]["properties"]
    assert tuple(props["pattern"]["enum"]) == vocab.PATTERNS
    assert tuple(props["equipment"]["items"]["enum"]) == EQUIPMENT
    assert tuple(props["primary_muscles"]["items"]["enum"]) == vocab.MUSCLES
    assert tuple(props["secondary_muscles"]["items"]["enum"]) == vocab.MUSCLES
    assert tuple(props["loaded_joints"]["items"]["enum"]) == vocab.JOINTS
    assert tuple(props["positions"]["items"]["enum"]) == vocab.POSITIONS
    assert tuple(props["roles"]["items"]["enum"]) == vocab.ROLES
    assert tuple(props["level"]["enum"]) == vocab.LEVELS
    assert tuple(props["laterality"]["enum"]) == vocab.LATERALITIES
    assert tuple(props["load_type"]["enum"]) == vocab.LOAD_TYPES


def test_has_at_least_200_exercises(document) -> None:
    assert len(document["exercises"]) >= 200


def test_ids_and_names_are_unique(document) -> None:
    ids = Counter(item["id"] for item in document["exercises"])
    names = Counter(" ".join(item["name"].lower().split()) for item in document["exercises"])
    assert [i for i, n in ids.items() if n > 1] == []
    assert [i for i, n in names.items() if n > 1] == []


def test_equipment_only_from_the_shared_vocabulary(document) -> None:
    used = {eq for item in document["exercises"] for eq in item["equipment"]}
    assert used <= set(EQUIPMENT), used - set(EQUIPMENT)


def test_every_exercise_has_two_distinct_cues(document) -> None:
    short = [i["id"] for i in document["exercises"] if len(set(i["cues"])) < 2]
    assert short == []


def test_dose_ranges_are_sane(document) -> None:
    for item in document["exercises"]:
        doses = [d for d in (item["reps"], item["duration_s"]) if d is not None]
        assert len(doses) == 1, item["id"]
        low, high = doses[0]
        assert 0 < low <= high, item["id"]
        if item["reps"] is not None:
            assert high <= 30, f"{item['id']}: more than 30 reps is a duration, not a set"


def test_links_resolve_and_are_symmetric(by_id) -> None:
    for exercise_id, item in by_id.items():
        for easier in item["regressions"]:
            assert easier in by_id, f"{exercise_id}: unknown regression {easier}"
            assert exercise_id in by_id[easier]["progressions"], f"{easier} -/-> {exercise_id}"
        for harder in item["progressions"]:
            assert harder in by_id, f"{exercise_id}: unknown progression {harder}"
            assert exercise_id in by_id[harder]["regressions"], f"{harder} <-/- {exercise_id}"
        assert exercise_id not in item["regressions"] + item["progressions"]


def test_ladders_stay_in_their_pattern_unless_documented(document, by_id) -> None:
    documented = {(c["easier"], c["harder"]) for c in document["cross_pattern_links"]}
    crossing = {
        (easier, exercise_id)
        for exercise_id, item in by_id.items()
        for easier in item["regressions"]
        if by_id[easier]["pattern"] != item["pattern"]
    }
    assert crossing == documented


def test_progressions_never_drop_a_level(by_id) -> None:
    rank = {level: i for i, level in enumerate(vocab.LEVELS)}
    for exercise_id, item in by_id.items():
        for harder in item["progressions"]:
            assert rank[by_id[harder]["level"]] >= rank[item["level"]], (exercise_id, harder)


def _easier_set(start: str, by_id: dict[str, dict[str, Any]]) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(by_id[current]["regressions"])
    return seen


def _kit_free(item: dict[str, Any]) -> bool:
    return set(item["equipment"]) <= MINIMAL


def test_every_pattern_exists_and_regresses_to_a_kit_free_option(by_id) -> None:
    for pattern in vocab.PATTERNS:
        members = [i for i, item in by_id.items() if item["pattern"] == pattern]
        assert len(members) >= 4, f"{pattern} is thin"
        equipped = [i for i in members if not _kit_free(by_id[i])]
        reachable = {
            found for start in equipped for found in _easier_set(start, by_id) - {start}
            if by_id[found]["pattern"] == pattern and _kit_free(by_id[found])
        }
        assert reachable or not equipped, f"{pattern}: no equipped lift regresses to a kit-free one"
        assert any(_kit_free(by_id[i]) for i in members), pattern


def test_equipped_main_lifts_regress_to_a_kit_free_option(by_id) -> None:
    stuck = [
        i for i, item in by_id.items()
        if "main" in item["roles"] and not _kit_free(item) and item["pattern"] != "conditioning"
        and not any(_kit_free(by_id[f]) and by_id[f]["pattern"] == item["pattern"]
                    for f in _easier_set(i, by_id))
    ]
    assert stuck == []


def test_each_pattern_spans_levels_and_load_types(by_id) -> None:
    for pattern in vocab.PATTERNS:
        items = [item for item in by_id.values() if item["pattern"] == pattern]
        assert {"beginner", "intermediate"} <= {i["level"] for i in items}, pattern
        assert len({i["load_type"] for i in items}) >= 2, pattern


def test_jumps_are_marked_plyometric_and_impact(by_id) -> None:
    for exercise_id, item in by_id.items():
        if "jump" in exercise_id.split("_") or "plyometric" in item["tags"]:
            assert "plyometric" in item["tags"] and "impact" in item["positions"], exercise_id


@pytest.mark.parametrize(
    ("tag", "must_include"),
    [
        ("knee_friendly", {"barbell_box_squat", "leg_press", "barbell_hip_thrust", "reverse_lunge"}),
        ("shoulder_friendly", {"half_kneeling_landmine_press", "neutral_grip_dumbbell_press",
                               "incline_dumbbell_press"}),
        ("low_impact", {"step_jack", "step_back_burpee", "rower_steady_state", "bike_intervals"}),
    ],
)
def test_safety_tags_cover_the_textbook_alternatives(by_id, tag, must_include) -> None:
    tagged = {i for i, item in by_id.items() if tag in item["tags"]}
    assert must_include <= tagged, must_include - tagged


def test_knee_friendly_and_low_impact_never_jump(by_id) -> None:
    for exercise_id, item in by_id.items():
        if {"knee_friendly", "low_impact"} & set(item["tags"]):
            assert "impact" not in item["positions"], exercise_id
        if "knee_friendly" in item["tags"]:
            assert not {"deep_knee_flexion", "knee_shear"} & set(item["positions"]), exercise_id


def test_shoulder_friendly_pressing_stays_out_of_overhead(by_id) -> None:
    push = {"horizontal_push", "vertical_push"}
    for exercise_id, item in by_id.items():
        if "shoulder_friendly" in item["tags"] and item["pattern"] in push:
            assert "overhead_shoulder" not in item["positions"], exercise_id


def test_overhead_tag_agrees_with_overhead_position(by_id) -> None:
    for exercise_id, item in by_id.items():
        if "overhead" in item["tags"]:
            assert "overhead_shoulder" in item["positions"], exercise_id
