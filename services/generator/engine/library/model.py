"""The exercise library's value objects: immutable, hashable, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from .vocab import MINIMAL_EQUIPMENT

Level = Literal["beginner", "intermediate", "advanced"]
Laterality = Literal["bilateral", "unilateral", "alternating"]
LoadType = Literal[
    "barbell", "dumbbell", "kettlebell", "cable", "machine", "bodyweight", "band", "time",
]


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise; field names match the JSON keys of exercises.json one to one."""

    id: str
    name: str
    pattern: str
    roles: tuple[str, ...]
    equipment: tuple[str, ...]  # every item is required; empty means bodyweight
    level: Level
    compound: bool
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    loaded_joints: tuple[str, ...]
    positions: tuple[str, ...]
    laterality: Laterality
    load_type: LoadType
    reps: tuple[int, int] | None  # exactly one of reps / duration_s is set
    duration_s: tuple[int, int] | None
    regressions: tuple[str, ...]  # ids of easier variants
    progressions: tuple[str, ...]  # ids of harder variants
    cues: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def bodyweight_friendly(self) -> bool:
        """True when nothing beyond a band or a mat is needed."""
        return set(self.equipment) <= MINIMAL_EQUIPMENT


@dataclass(frozen=True, slots=True)
class ExerciseLibrary:
    """All exercises of one version of the data file, indexed by id and by pattern."""

    version: str
    _exercises: tuple[Exercise, ...] = field(repr=False)
    _by_id: Mapping[str, Exercise] = field(init=False, repr=False, compare=False)
    _by_pattern: Mapping[str, tuple[Exercise, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {exercise.id: exercise for exercise in self._exercises}
        if len(by_id) != len(self._exercises):
            raise ValueError("duplicate exercise ids")
        grouped: dict[str, list[Exercise]] = {}
        for exercise in self._exercises:
            grouped.setdefault(exercise.pattern, []).append(exercise)
        # frozen dataclass: the indexes are derived once, here
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        object.__setattr__(
            self, "_by_pattern", MappingProxyType({k: tuple(v) for k, v in grouped.items()})
        )

    @classmethod
    def of(cls, version: str, exercises: Iterable[Exercise]) -> ExerciseLibrary:
        return cls(version, tuple(exercises))

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError when there is none."""
        return self._by_id[exercise_id]

    def all(self) -> tuple[Exercise, ...]:
        return self._exercises

    def by_pattern(self, pattern: str) -> tuple[Exercise, ...]:
        """Exercises of one movement pattern in file order; empty for an unknown pattern."""
        return self._by_pattern.get(pattern, ())

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __len__(self) -> int:
        return len(self._exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._exercises)
