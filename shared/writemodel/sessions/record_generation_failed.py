"""Record that the generator could not produce a session (a reason a trainer can act on)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class RecordGenerationFailed:
    session_id: UUID
    reason: str
    retryable: bool = False


def record_generation_failed(app: SpotterApplication, cmd: RecordGenerationFailed, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        session = load(app, TrainingSession, cmd.session_id, ctx)
        session.record_generation_failed(
            reason=cmd.reason, retryable=cmd.retryable, now=ctx.now, meta=ctx.meta()
        )
        return [session], Outcome(session.id, session.version, {"status": session.status})

    return execute(app, ctx, cmd, decide)
