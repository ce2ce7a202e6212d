"""Replace a generated plan with the trainer's edit (it then needs approval again)."""

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
class EditSession:
    session_id: UUID
    plan: dict[str, Any]
    note: str | None = None


def edit_session(app: SpotterApplication, cmd: EditSession, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        session = load(app, TrainingSession, cmd.session_id, ctx)
        session.edit(
            plan=cmd.plan, note=cmd.note, now=ctx.now, meta=ctx.meta()
        )
        return [session], Outcome(session.id, session.version, {"status": session.status})

    return execute(app, ctx, cmd, decide)
