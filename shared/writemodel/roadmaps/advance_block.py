"""Move the client's position in the current roadmap to a block and week."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class AdvanceBlock:
    client_id: UUID
    roadmap_id: UUID
    block_index: int
    week: int
    reason: str


def advance_block(app: SpotterApplication, cmd: AdvanceBlock, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.advance_block(
            roadmap_id=cmd.roadmap_id, block_index=cmd.block_index, week=cmd.week,
            reason=cmd.reason, now=ctx.now, meta=ctx.meta(),
        )
        return [client], Outcome(client.id, client.version)

    return execute(app, ctx, cmd, decide)
