"""Events written through the real write model's commands, and what the store says was committed."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events.envelope import Actor
from shared.writemodel.application import SpotterApplication
from shared.writemodel.clients.register_client import RegisterClient, register_client
from shared.writemodel.clients.report_injury import ReportInjury, report_injury
from shared.writemodel.clients.update_profile import UpdateProfile, update_profile
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.organizations.create_organization import (
    CreateOrganization,
    create_organization,
)
from shared.writemodel.outbound import to_envelope
from shared.writemodel.trainers.register_trainer import RegisterTrainer, register_trainer

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@dataclass
class Gym:
    """One organization with trainers and clients; every command goes through the write model."""

    app: SpotterApplication
    organization_id: uuid.UUID
    trainer_ids: list[uuid.UUID]
    client_ids: list[uuid.UUID]
    clock: datetime = T0

    def ctx(self, **extra: Any) -> CommandContext:
        self.clock += timedelta(seconds=1)
        return CommandContext(
            organization_id=self.organization_id, actor=Actor(kind="admin", id="relay-test"),
            correlation_id=f"req-{uuid.uuid4().hex[:8]}", now=self.clock, **extra,
        )

    @classmethod
    def open(cls, app: SpotterApplication, trainers: int = 2, clients: int = 6) -> Gym:
        org_id = uuid.uuid4()
        gym = cls(app, org_id, [], [])
        create_organization(app, CreateOrganization(
            organization_id=org_id, name="Relay Gym", admin_key_id=uuid.uuid4(),
            admin_key_secret=uuid.uuid4().hex, admin_key_salt=uuid.uuid4().hex,
        ), gym.ctx())
        for i in range(trainers):
            outcome = register_trainer(app, RegisterTrainer(
                trainer_id=uuid.uuid4(), name=f"Trainer {i}", email=f"t{i}@example.com",
            ), gym.ctx())
            gym.trainer_ids.append(outcome.aggregate_id)
        for i in range(clients):
            gym.register_client(i)
        return gym

    def register_client(self, i: int) -> uuid.UUID:
        outcome = register_client(self.app, RegisterClient(
            client_id=uuid.uuid4(), name=f"Client {i}",
            trainer_id=self.trainer_ids[i % len(self.trainer_ids)],
            goals=[{"goal": "strength", "priority": 1}], experience="beginner",
            sessions_per_week=3,
        ), self.ctx(idempotency_key=f"register-{i}"))  # idempotency records stay internal
        self.client_ids.append(outcome.aggregate_id)
        return outcome.aggregate_id

    def client_events(self, n: int, seed: int = 7) -> None:
        """``n`` client events spread over the clients in a seeded random interleaving."""
        rng = random.Random(seed)
        for i in range(n):
            client_id = rng.choice(self.client_ids)
            if i % 4 == 3:
                report_injury(self.app, ReportInjury(
                    client_id=client_id, injury_id=uuid.uuid4(), region="knee", severity=i % 11,
                    description=f"step {i}",
                ), self.ctx())
            else:
                update_profile(self.app, UpdateProfile(
                    client_id=client_id, changes={"notes": f"step {i}"},
                ), self.ctx())

    def bulk_client_events(self, n: int, per_save: int = 200) -> None:
        """``n`` profile updates applied to the loaded aggregates and saved ``per_save`` at a time
        (one transaction each): load for fault tests, faster than one command per event."""
        clients = [self.app.get_aggregate(c, Client) for c in self.client_ids]
        meta = self.ctx().meta()
        for i in range(n):
            client = clients[i % len(clients)]
            self.clock += timedelta(milliseconds=1)
            client.update_profile(changes={"notes": f"bulk {i}"}, now=self.clock, meta=meta)
            if (i + 1) % per_save == 0 or i == n - 1:
                self.app.save(*clients)


@dataclass(frozen=True)
class Committed:
    event_id: str
    position: int
    key: str


def committed(app: SpotterApplication) -> list[Committed]:
    """Every public event in the store, in log order (read back independently of the relay)."""
    out: list[Committed] = []
    position = 0
    while batch := app.recorder.select_notifications(position, 1000, inclusive_of_start=False):
        for n in batch:
            envelope = to_envelope(app.mapper.to_domain_event(n), n.id)
            if envelope is not None:
                key = envelope.client_id or (
                    envelope.aggregate_id if envelope.type.startswith("trainer.")
                    else envelope.organization_id
                )
                out.append(Committed(str(envelope.event_id), n.id, str(key)))
        position = batch[-1].id
    return out
