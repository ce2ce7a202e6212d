"""Register a client under a trainer of the caller's organization."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.handling import NEW_ID, Decision, execute, require
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class RegisterClient:
    client_id: UUID = field(metadata=NEW_ID)
    name: str
    trainer_id: UUID
    goals: list[dict[str, Any]] = field(default_factory=list)
    experience: str
    sessions_per_week: int
    birth_year: int | None = None
    notes: str | None = None


def register_client(app: SpotterApplication, cmd: RegisterClient, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        require(app, Trainer, cmd.trainer_id, ctx)
        client = Client.register(
            client_id=cmd.client_id, name=cmd.name, trainer_id=cmd.trainer_id, goals=cmd.goals,
            experience=cmd.experience, sessions_per_week=cmd.sessions_per_week,
            birth_year=cmd.birth_year, notes=cmd.notes, now=ctx.now, meta=ctx.meta(),
        )
        return [client], Outcome(client.id, client.version)

    return execute(app, ctx, cmd, decide)
