"""Report an injury; a severity outside 0-10 is refused before any event exists."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.handling import NEW_ID, Decision, execute, load
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class ReportInjury:
    client_id: UUID
    injury_id: UUID = field(metadata=NEW_ID)
    region: str
    side: str | None = None
    severity: int
    status: str = "active"
    description: str = ""
    onset: str = "unknown"


def report_injury(app: SpotterApplication, cmd: ReportInjury, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        client.report_injury(
            injury_id=cmd.injury_id, region=cmd.region, side=cmd.side, severity=cmd.severity,
            status=cmd.status, description=cmd.description, onset=cmd.onset, now=ctx.now,
            meta=ctx.meta(),
        )
        return [client], Outcome(client.id, client.version, {"injury_id": str(cmd.injury_id)})

    return execute(app, ctx, cmd, decide)
