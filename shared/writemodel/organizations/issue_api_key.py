"""Issue an API key; only the salted hash of its secret is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.api_key import ApiKey
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.handling import NEW_ID, Decision, execute, require
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class IssueApiKey:
    key_id: UUID = field(metadata=NEW_ID)
    role: str
    trainer_id: UUID | None = None
    label: str | None = None
    secret: str = field(metadata=NEW_ID, repr=False)
    salt: str = field(metadata=NEW_ID, repr=False)


def issue_api_key(app: SpotterApplication, cmd: IssueApiKey, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        if cmd.trainer_id is not None:
            require(app, Trainer, cmd.trainer_id, ctx)
        key = ApiKey.issue(
            key_id=cmd.key_id, role=cmd.role, trainer_id=cmd.trainer_id, label=cmd.label,
            secret=cmd.secret, salt=cmd.salt, now=ctx.now, meta=ctx.meta(),
        )
        return [key], Outcome(key.id, key.version)

    return execute(app, ctx, cmd, decide)
