"""Training-session bodies: request, edit, approve, cancel, log, the session view."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from services.api.schemas.common import RequestBody, ResponseBody
from shared.events.shapes import Benchmark, PainFlag, Plan
from shared.events.vocabulary import Equipment, Focus, SessionStatus


class SessionRequest(RequestBody):
    duration_min: int = Field(default=60, ge=10, le=240)
    pain_flags: list[PainFlag] = Field(default_factory=list, max_length=20)
    equipment_profile: str | None = Field(default=None, min_length=1, max_length=80)
    equipment: list[Equipment] | None = Field(default=None, max_length=64)
    focus: Focus | None = None
    readiness: int | None = Field(default=None, ge=1, le=5)
    notes: str | None = Field(default=None, max_length=4000)
    # With both, ``equipment`` (the exact list today) wins and the profile name is recorded.


class SessionAccepted(ResponseBody):
    session_id: UUID
    status: SessionStatus
    version: int


class SessionView(ResponseBody):
    id: UUID
    client_id: UUID
    status: SessionStatus
    version: int
    plan: dict[str, Any] | None = None
    failure: dict[str, Any] | None = None


class SessionNote(RequestBody):
    note: str | None = Field(default=None, max_length=4000)


class SessionEdit(RequestBody):
    plan: Plan
    note: str | None = Field(default=None, max_length=4000)


class SessionCancel(RequestBody):
    reason: str | None = Field(default=None, max_length=4000)


class LoggedSetIn(RequestBody):
    """A set as logged; organizations in pounds may send ``load_lb`` (``load_kg`` wins)."""

    reps: int | None = Field(default=None, ge=0, le=200)
    load_kg: float | None = Field(default=None, ge=0, le=2000)
    load_lb: float | None = Field(default=None, ge=0, le=4400)
    rpe: float | None = Field(default=None, ge=0, le=10)
    rir: float | None = Field(default=None, ge=0, le=10)
    duration_s: int | None = Field(default=None, ge=0, le=86400)
    completed: bool = True


class LoggedExerciseIn(RequestBody):
    exercise_id: str = Field(min_length=1, max_length=120)
    sets: list[LoggedSetIn] = Field(max_length=50)


class SessionLog(RequestBody):
    exercises: list[LoggedExerciseIn] = Field(default_factory=list, max_length=60)
    pain_flags: list[PainFlag] = Field(default_factory=list, max_length=20)
    feel: int = Field(ge=1, le=5)
    session_rpe: int = Field(ge=1, le=10)
    benchmarks: list[Benchmark] = Field(default_factory=list, max_length=20)
    notes: str | None = Field(default=None, max_length=4000)
    performed_on: date | None = None


class SessionChanged(ResponseBody):
    id: UUID
    status: SessionStatus
    version: int
