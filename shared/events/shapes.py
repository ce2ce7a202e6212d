"""Shapes shared by several event payloads (the API contract's Methodology, PLAN, ITEM, ...)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.events.vocabulary import (
    EffortScale,
    Equipment,
    Experience,
    GeneratorMode,
    ProgressionMethod,
    Region,
    Side,
)
from shared.events.vocabulary import Goal as GoalName

BlockKind = Literal[
    "foundation", "hypertrophy", "work_capacity", "strength", "power", "conditioning",
    "return_to_training",
]
LlmOutcome = Literal["ok", "invalid", "timeout", "error", "fallback"]

__all__ = [
    "Benchmark", "Block", "BlockKind", "Deload", "Effort", "Experience", "Goal", "GeneratorInfo",
    "LlmCall", "LoggedExercise", "LoggedSet", "Methodology", "PainFlag", "Plan", "PlanItem",
    "SessionStructure", "Shape",
]


class Shape(BaseModel):
    """Immutable, strict about unknown fields: a typo never silently becomes data."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Deload(Shape):
    every_weeks: int = Field(default=5, ge=2, le=16)
    volume_reduction_pct: int = Field(default=40, ge=0, le=90)


class SessionStructure(Shape):
    warmup_min: int = Field(default=8, ge=0, le=60)
    finisher_min: int = Field(default=6, ge=0, le=60)


class Methodology(Shape):
    """A trainer's methodology, complete (every update carries all fields)."""

    training_styles: tuple[str, ...] = ("hybrid",)
    progression_method: ProgressionMethod = "double_progression"
    effort_scale: EffortScale = "rpe"
    deload: Deload = Deload()
    philosophy: str = ""
    voice: str = ""
    preferred_exercises: tuple[str, ...] = ()
    banned_exercises: tuple[str, ...] = ()
    session_structure: SessionStructure = SessionStructure()
    generator_mode: GeneratorMode = "engine"


class PainFlag(Shape):
    region: Region
    side: Side | None = None
    severity: int = Field(ge=0, le=10)
    note: str | None = None
    exercise_id: str | None = None


class Goal(Shape):
    goal: GoalName
    priority: int = Field(default=1, ge=1, le=10)


class Effort(Shape):
    scale: EffortScale
    value: float = Field(ge=0, le=100)


class PlanItem(Shape):
    exercise_id: str
    name: str
    pattern: str
    equipment: tuple[Equipment, ...] = ()
    block: str
    sets: int = Field(ge=1, le=20)
    reps: int | None = Field(default=None, ge=1, le=100)
    duration_s: int | None = Field(default=None, ge=1, le=7200)
    load_kg: float | None = Field(default=None, ge=0)
    percent_1rm: float | None = Field(default=None, ge=0, le=120)
    effort: Effort | None = None
    rest_s: int = Field(default=60, ge=0, le=900)
    tempo: str | None = None
    cues: tuple[str, ...] = ()


class GeneratorInfo(Shape):
    mode: GeneratorMode
    version: str
    model: str | None = None


class Plan(Shape):
    warmup: tuple[PlanItem, ...] = ()
    main: tuple[PlanItem, ...]
    finisher: tuple[PlanItem, ...] = ()
    estimated_duration_min: int = Field(ge=0, le=600)
    rationale: tuple[str, ...] = ()
    generator: GeneratorInfo


class LlmCall(Shape):
    model: str
    prompt_tokens: int = Field(ge=0)
    completion_tokens: int = Field(ge=0)
    latency_ms: int = Field(ge=0)
    outcome: LlmOutcome


class Block(Shape):
    index: int = Field(ge=0)
    name: str
    kind: BlockKind
    weeks: int = Field(ge=1, le=26)
    focus: str
    rep_range: tuple[int, int]
    effort_range: tuple[float, float]
    weekly_sets_target: int = Field(ge=0, le=60)
    progression: ProgressionMethod
    deload_week: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _ranges_ordered(self) -> Block:
        if self.rep_range[0] > self.rep_range[1] or self.effort_range[0] > self.effort_range[1]:
            raise ValueError("rep_range and effort_range must be [low, high]")
        if self.deload_week is not None and self.deload_week > self.weeks:
            raise ValueError("deload_week must fall inside the block")
        return self


class LoggedSet(Shape):
    reps: int | None = Field(default=None, ge=0, le=200)
    load_kg: float | None = Field(default=None, ge=0)
    rpe: float | None = Field(default=None, ge=0, le=10)
    rir: float | None = Field(default=None, ge=0, le=10)
    duration_s: int | None = Field(default=None, ge=0)
    completed: bool = True


class LoggedExercise(Shape):
    exercise_id: str
    sets: tuple[LoggedSet, ...]


class Benchmark(Shape):
    name: str
    value: float
    unit: str
