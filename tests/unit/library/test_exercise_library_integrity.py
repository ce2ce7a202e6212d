"""The cross-checks catch each kind of broken library (mutations of the shipped data)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from services.generator.engine.library import Exercise, load_library
from services.generator.engine.library.integrity import check_all

Mutation = Callable[[dict[str, Exercise]], None]


def _replace(lib: dict[str, Exercise], exercise_id: str, **changes: object) -> None:
    lib[exercise_id] = dataclasses.replace(lib[exercise_id], **changes)


def _link(lib: dict[str, Exercise], easier: str, harder: str) -> None:
    _replace(lib, easier, progressions=lib[easier].progressions + (harder,))
    _replace(lib, harder, regressions=lib[harder].regressions + (easier,))


def _documented() -> dict[tuple[str, str], str]:
    library = load_library()
    return {
        (e.id, harder): "documented"
        for e in library.all() for harder in e.progressions
        if library.get(harder).pattern != e.pattern
    }


def _unlink(lib: dict[str, Exercise], easier: str, harder: str) -> None:
    _replace(lib, easier, progressions=tuple(i for i in lib[easier].progressions if i != harder))
    _replace(lib, harder, regressions=tuple(i for i in lib[harder].regressions if i != easier))


# name -> (damage, a phrase the report must contain)
MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "unknown link": (
        lambda lib: _replace(lib, "push_up", progressions=("one_arm_push_up",)),
        "unknown progression"),
    "one-sided link": (
        lambda lib: _replace(lib, "push_up", regressions=("wall_push_up",)), "asymmetric"),
    "self link": (lambda lib: _link(lib, "push_up", "push_up"), "itself"),
    "cycle": (lambda lib: _link(lib, "back_squat", "goblet_squat"), "cycle"),
    "undocumented pattern jump": (
        lambda lib: _link(lib, "dead_bug", "push_up"), "crosses patterns"),
    "harder is rated easier": (
        lambda lib: _link(lib, "pendlay_row", "doorway_row"), "rated easier"),
    "duplicate name": (lambda lib: _replace(lib, "push_up", name="goblet  squat"), "duplicate name"),
    "both doses": (lambda lib: _replace(lib, "push_up", duration_s=(10, 20)), "exactly one"),
    "inverted range": (lambda lib: _replace(lib, "push_up", reps=(12, 6)), "0 < min <= max"),
    "time without duration": (
        lambda lib: _replace(lib, "push_up", load_type="time"), "needs duration_s"),
    "jump without impact": (
        lambda lib: _replace(lib, "jump_squat", positions=()), "needs position impact"),
    "muscle both primary and secondary": (
        lambda lib: _replace(lib, "push_up", secondary_muscles=("chest",)),
        "both primary and secondary"),
    "missing pattern": (
        lambda lib: [lib.pop(e.id) for e in load_library().by_pattern("carry")],
        "pattern carry has no exercises"),
    "main lift without a kit-free way down": (
        lambda lib: _unlink(lib, "kettlebell_deadlift", "rack_pull"),
        "rack_pull: no band/mat/bodyweight regression"),
}


def test_the_shipped_library_is_clean() -> None:
    assert check_all(load_library().all(), _documented()) == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_each_kind_of_damage_is_reported(name: str) -> None:
    lib = {e.id: e for e in load_library().all()}
    damage, phrase = MUTATIONS[name]
    damage(lib)
    problems = check_all(list(lib.values()), _documented())
    assert any(phrase in problem for problem in problems), problems


def test_duplicate_ids_are_reported() -> None:
    exercises = list(load_library().all())
    problems = check_all(exercises + [exercises[0]], _documented())
    assert any("duplicate id" in p for p in problems)


def test_documented_link_that_does_not_exist_is_reported() -> None:
    documented = _documented() | {("push_up", "pull_up"): "made up"}
    assert any("does not exist" in p for p in check_all(load_library().all(), documented))
