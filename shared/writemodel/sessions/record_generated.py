"""Record the generator's plan; a second result for the same request is refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class RecordGenerated:
    session_id: UUID
    plan: dict[str, Any]
    generator: dict[str, Any]
    history_complete: bool = True


def record_generated(app: SpotterApplication, cmd: RecordGenerated, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        session = load(app, TrainingSession, cmd.session_id, ctx)
        session.record_generated(
            plan=cmd.plan, generator=cmd.generator, history_complete=cmd.history_complete, now=ctx.now, meta=ctx.meta()
        )
        return [session], Outcome(session.id, session.version, {"status": session.status})

    return execute(app, ctx, cmd, decide)
