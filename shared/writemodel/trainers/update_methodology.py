"""Replace a trainer's methodology with a complete new numbered version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class UpdateMethodology:
    trainer_id: UUID
    methodology: dict[str, Any]
    reason: str | None = None


def update_methodology(
    app: SpotterApplication, cmd: UpdateMethodology, ctx: CommandContext
) -> Outcome:
    def decide() -> Decision:
        trainer = load(app, Trainer, cmd.trainer_id, ctx)
        trainer.update_methodology(
            methodology=cmd.methodology, reason=cmd.reason, now=ctx.now, meta=ctx.meta()
        )
        extra = {"methodology_version": trainer.methodology_version}
        return [trainer], Outcome(trainer.id, trainer.version, extra)

    return execute(app, ctx, cmd, decide)
