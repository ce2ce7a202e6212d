"""The engine's output: plan items and the session plan in the contract's `plan` shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENGINE_VERSION = "engine-1.0.0"


@dataclass
class Item:
    exercise_id: str
    name: str
    pattern: str
    equipment: tuple[str, ...]
    block: str
    sets: int
    reps: int | None
    duration_s: int | None
    load_kg: float | None
    percent_1rm: float | None
    effort_scale: str
    effort_value: float
    rest_s: int
    tempo: str | None
    cues: list[str]
    role: str = "main"  # engine bookkeeping, not part of the ITEM shape
    laterality: str = "bilateral"
    base_rest_s: int = 0  # rest before superset pairing shortened it
    notes: list[str] = field(default_factory=list)  # rationale, kept only if the item stays

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise_id": self.exercise_id, "name": self.name, "pattern": self.pattern,
            "equipment": list(self.equipment), "block": self.block, "sets": self.sets,
            "reps": self.reps, "duration_s": self.duration_s, "load_kg": self.load_kg,
            "percent_1rm": self.percent_1rm,
            "effort": {"scale": self.effort_scale, "value": self.effort_value},
            "rest_s": self.rest_s, "tempo": self.tempo, "cues": list(self.cues),
        }


@dataclass
class SessionPlan:
    warmup: list[Item]
    main: list[Item]
    finisher: list[Item]
    estimated_duration_min: int
    rationale: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "warmup": [i.to_dict() for i in self.warmup],
            "main": [i.to_dict() for i in self.main],
            "finisher": [i.to_dict() for i in self.finisher],
            "estimated_duration_min": self.estimated_duration_min,
            "rationale": list(self.rationale),
            "generator": {"mode": "engine", "version": ENGINE_VERSION, "model": None},
        }
