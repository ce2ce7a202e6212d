"""Resolve an injury; resolving it twice is refused."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class ResolveInjury:
    client_id: UUID
    injury_id: UUID
    note: str | None = None


def resolve_injury(app: SpotterApplication, cmd: ResolveInjury, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.resolve_injury(injury_id=cmd.injury_id, note=cmd.note, now=ctx.now, meta=ctx.meta())
        return [client], Outcome(client.id, client.version, {"injury_id": str(cmd.injury_id)})

    return execute(app, ctx, cmd, decide)
