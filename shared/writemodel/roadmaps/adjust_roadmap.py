"""Replace the blocks of the client's current roadmap from a given block on."""

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
class AdjustRoadmap:
    client_id: UUID
    roadmap_id: UUID
    blocks: list[dict[str, Any]]
    from_block_index: int
    reason: str


def adjust_roadmap(app: SpotterApplication, cmd: AdjustRoadmap, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.adjust_roadmap(
            roadmap_id=cmd.roadmap_id, blocks=cmd.blocks, from_block_index=cmd.from_block_index,
            reason=cmd.reason, now=ctx.now, meta=ctx.meta(),
        )
        return [client], Outcome(client.id, client.version)

    return execute(app, ctx, cmd, decide)
