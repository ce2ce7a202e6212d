"""Update an open injury's severity, status or description."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class UpdateInjury:
    client_id: UUID
    injury_id: UUID
    severity: int | None = None
    status: str | None = None
    description: str | None = None


def update_injury(app: SpotterApplication, cmd: UpdateInjury, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.update_injury(
            injury_id=cmd.injury_id, severity=cmd.severity, status=cmd.status,
            description=cmd.description, now=ctx.now, meta=ctx.meta(),
        )
        return [client], Outcome(client.id, client.version, {"injury_id": str(cmd.injury_id)})

    return execute(app, ctx, cmd, decide)
