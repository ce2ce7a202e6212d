"""Change some fields of a client's profile (only the given ones)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class UpdateProfile:
    client_id: UUID
    changes: dict[str, Any]


def update_profile(app: SpotterApplication, cmd: UpdateProfile, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.update_profile(changes=cmd.changes, now=ctx.now, meta=ctx.meta())
        return [client], Outcome(client.id, client.version)

    return execute(app, ctx, cmd, decide)
