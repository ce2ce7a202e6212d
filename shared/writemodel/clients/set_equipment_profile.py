"""Create or replace one of a client's named equipment profiles."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class SetEquipmentProfile:
    client_id: UUID
    profile_name: str
    items: list[str]


def set_equipment_profile(
    app: SpotterApplication, cmd: SetEquipmentProfile, ctx: CommandContext
) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.set_equipment_profile(
            profile_name=cmd.profile_name, items=cmd.items, now=ctx.now, meta=ctx.meta()
        )
        return [client], Outcome(client.id, client.version)

    return execute(app, ctx, cmd, decide)
