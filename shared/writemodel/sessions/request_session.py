"""Request a session: record what the generator needs, with the client and methodology versions
it must see (so it can wait for the projection to catch up)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.errors import DomainError
from shared.writemodel.handling import NEW_ID, Decision, execute, load
from shared.writemodel.outcome import Outcome


class UnknownEquipmentProfile(DomainError):
    pass


@dataclass(frozen=True, kw_only=True)
class RequestSession:
    client_id: UUID
    session_id: UUID = field(metadata=NEW_ID)
    duration_min: int
    pain_flags: list[dict[str, Any]] = field(default_factory=list)
    equipment_profile: str | None = None
    equipment: list[str] | None = None  # the exact list today; else the named profile's
    focus: str | None = None
    readiness: int | None = None
    notes: str | None = None


def request_session(app: SpotterApplication, cmd: RequestSession, ctx: CommandContext) -> Outcome:
    def decide() -> Decision:
        # expected_version, when given, is the client's: the request is based on that state.
        client = load(app, Client, cmd.client_id, ctx)
        trainer = load(app, Trainer, UUID(client.trainer_id), ctx, check_version=False)
        equipment = cmd.equipment
        if equipment is None and cmd.equipment_profile is not None:
            if cmd.equipment_profile not in client.equipment_profiles:
                raise UnknownEquipmentProfile(f"no equipment profile {cmd.equipment_profile!r}")
            equipment = client.equipment_profiles[cmd.equipment_profile]
        session = TrainingSession.request(
            session_id=cmd.session_id, client_id=client.id, trainer_id=UUID(client.trainer_id),
            duration_min=cmd.duration_min, pain_flags=cmd.pain_flags,
            equipment_profile=cmd.equipment_profile, equipment=list(equipment or []),
            focus=cmd.focus, readiness=cmd.readiness, notes=cmd.notes,
            client_version=client.version, methodology_version=trainer.methodology_version,
            now=ctx.now, meta=ctx.meta(),
        )
        return [session], Outcome(session.id, session.version, {"status": session.status})

    return execute(app, ctx, cmd, decide)
