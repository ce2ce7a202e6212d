"""Log what the client actually did; only a generated or approved session can be logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class LogSession:
    session_id: UUID
    exercises: list[dict[str, Any]] = field(default_factory=list)
    pain_flags: list[dict[str, Any]] = field(default_factory=list)
    feel: int
    session_rpe: int
    benchmarks: list[dict[str, Any]] = field(default_factory=list)
    notes: str | None = None
    performed_on: date


def log_session(app: SpotterApplication, cmd: LogSession, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        session = load(app, TrainingSession, cmd.session_id, ctx)
        session.log(
            exercises=cmd.exercises, pain_flags=cmd.pain_flags, feel=cmd.feel,
            session_rpe=cmd.session_rpe, benchmarks=cmd.benchmarks, notes=cmd.notes,
            performed_on=cmd.performed_on, now=ctx.now, meta=ctx.meta()
        )
        return [session], Outcome(session.id, session.version, {"status": session.status})

    return execute(app, ctx, cmd, decide)
