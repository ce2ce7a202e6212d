"""Payloads of ``session.*`` events (their envelope always carries ``client_id``)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.shapes import (
    Benchmark,
    LlmCall,
    LoggedExercise,
    PainFlag,
    Plan,
    Shape,
)
from shared.events.vocabulary import Equipment, Focus, GeneratorMode


class SessionRequested(EventPayload):
    event_type = "session.requested"
    aggregate_type = "session"
    session_id: UUID
    trainer_id: UUID
    duration_min: int = Field(ge=10, le=240)
    pain_flags: tuple[PainFlag, ...] = ()
    equipment_profile: str | None = None
    equipment: tuple[Equipment, ...] = ()
    focus: Focus | None = None
    readiness: int | None = Field(default=None, ge=1, le=5)
    notes: str | None = None
    client_version: int = Field(ge=1)
    methodology_version: int = Field(ge=1)


class GeneratorRun(Shape):
    mode: GeneratorMode
    version: str
    model: str | None = None
    llm_calls: tuple[LlmCall, ...] = ()


class SessionGenerated(EventPayload):
    event_type = "session.generated"
    aggregate_type = "session"
    session_id: UUID
    plan: Plan
    generator: GeneratorRun
    history_complete: bool = True


class SessionGenerationFailed(EventPayload):
    event_type = "session.generation_failed"
    aggregate_type = "session"
    session_id: UUID
    reason: str
    retryable: bool


class SessionReferred(EventPayload):
    event_type = "session.referred"
    aggregate_type = "session"
    session_id: UUID
    reason: str
    referral: str


class SessionEdited(EventPayload):
    event_type = "session.edited"
    aggregate_type = "session"
    session_id: UUID
    plan: Plan
    note: str | None = None


class SessionApproved(EventPayload):
    event_type = "session.approved"
    aggregate_type = "session"
    session_id: UUID
    note: str | None = None


class SessionLogged(EventPayload):
    event_type = "session.logged"
    aggregate_type = "session"
    session_id: UUID
    exercises: tuple[LoggedExercise, ...] = ()
    pain_flags: tuple[PainFlag, ...] = ()
    feel: int = Field(ge=1, le=5)
    session_rpe: int = Field(ge=1, le=10)
    benchmarks: tuple[Benchmark, ...] = ()
    notes: str | None = None
    performed_on: date


class SessionCancelled(EventPayload):
    event_type = "session.cancelled"
    aggregate_type = "session"
    session_id: UUID
    reason: str | None = None
