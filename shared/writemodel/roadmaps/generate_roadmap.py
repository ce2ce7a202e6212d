"""Record a newly generated roadmap for a client (replaces any current one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import NEW_ID, Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class GenerateRoadmap:
    client_id: UUID
    roadmap_id: UUID = field(metadata=NEW_ID)
    blocks: list[dict[str, Any]]
    starts_on: date
    reason: str
    engine_version: str


def generate_roadmap(
    app: SpotterApplication, cmd: GenerateRoadmap, ctx: CommandContext
) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.generate_roadmap(
            roadmap_id=cmd.roadmap_id, blocks=cmd.blocks, starts_on=cmd.starts_on,
            reason=cmd.reason, engine_version=cmd.engine_version, now=ctx.now, meta=ctx.meta(),
        )
        return [client], Outcome(client.id, client.version, {"roadmap_id": str(cmd.roadmap_id)})

    return execute(app, ctx, cmd, decide)
