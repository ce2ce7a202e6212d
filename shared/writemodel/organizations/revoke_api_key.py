"""Revoke an API key (once)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.api_key import ApiKey
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class RevokeApiKey:
    key_id: UUID
    reason: str | None = None


def revoke_api_key(app: SpotterApplication, cmd: RevokeApiKey, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        key = load(app, ApiKey, cmd.key_id, ctx)
        key.revoke(reason=cmd.reason, now=ctx.now, meta=ctx.meta())
        return [key], Outcome(key.id, key.version)

    return execute(app, ctx, cmd, decide)
