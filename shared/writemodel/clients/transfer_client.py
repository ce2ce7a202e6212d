"""Move a client to another trainer of the same organization."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.errors import CrossOrganizationTransfer, NotFound
from shared.writemodel.handling import Decision, execute, load, require
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class TransferClient:
    client_id: UUID
    to_trainer_id: UUID
    reason: str | None = None


def transfer_client(app: SpotterApplication, cmd: TransferClient, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        client = load(app, Client, cmd.client_id, ctx)
        try:
            require(app, Trainer, cmd.to_trainer_id, ctx)
        except NotFound:
            # Unknown or another tenant's trainer: the same answer, so no id leaks.
            raise CrossOrganizationTransfer(
                f"trainer {cmd.to_trainer_id} is not a trainer of this organization"
            ) from None
        client.transfer(
            to_trainer_id=cmd.to_trainer_id, reason=cmd.reason, now=ctx.now, meta=ctx.meta()
        )
        return [client], Outcome(client.id, client.version)

    return execute(app, ctx, cmd, decide)
