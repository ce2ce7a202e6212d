"""Cancel a session at any point before it is logged."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class CancelSession:
    session_id: UUID
    reason: str | None = None


def cancel_session(app: SpotterApplication, cmd: CancelSession, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        session = load(app, TrainingSession, cmd.session_id, ctx)
        session.cancel(
            reason=cmd.reason, now=ctx.now, meta=ctx.meta()
        )
        return [session], Outcome(session.id, session.version, {"status": session.status})

    return execute(app, ctx, cmd, decide)
