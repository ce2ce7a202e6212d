"""Register a trainer (methodology version 1), optionally with their API key, atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from shared.events.shapes import Methodology
from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.api_key import ApiKey
from shared.writemodel.domain.base import SpotterAggregate
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.handling import NEW_ID, Decision, execute
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class RegisterTrainer:
    trainer_id: UUID = field(metadata=NEW_ID)
    name: str
    email: str
    methodology: dict[str, Any] | None = None  # None: the contract's defaults
    key_id: UUID | None = field(default=None, metadata=NEW_ID)
    key_secret: str | None = field(default=None, metadata=NEW_ID, repr=False)
    key_salt: str | None = field(default=None, metadata=NEW_ID, repr=False)


def register_trainer(
    app: SpotterApplication, cmd: RegisterTrainer, ctx: CommandContext
) -> Outcome:
    def decide() -> Decision:
        meta = ctx.meta()
        methodology = cmd.methodology if cmd.methodology is not None else Methodology()
        trainer = Trainer.register(
            trainer_id=cmd.trainer_id, name=cmd.name, email=cmd.email, methodology=methodology,
            now=ctx.now, meta=meta,
        )
        saved: list[SpotterAggregate] = [trainer]
        extra: dict[str, Any] = {}
        if cmd.key_id is not None and cmd.key_secret and cmd.key_salt:
            key = ApiKey.issue(
                key_id=cmd.key_id, role="trainer", trainer_id=cmd.trainer_id, label=cmd.name,
                secret=cmd.key_secret, salt=cmd.key_salt, now=ctx.now, meta=meta,
            )
            saved.append(key)
            extra["key_id"] = str(key.id)
        return saved, Outcome(trainer.id, trainer.version, extra)

    return execute(app, ctx, cmd, decide)
