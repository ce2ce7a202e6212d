"""require(): existence in the caller's organization, remembered only once it is true."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from wm_world import World

from shared.writemodel.application import SpotterApplication
from shared.writemodel.clients.register_client import RegisterClient, register_client
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.errors import NotFound
from shared.writemodel.handling import require
from shared.writemodel.members import Members
from shared.writemodel.trainers.register_trainer import RegisterTrainer, register_trainer


def _count_reads(app: SpotterApplication, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    reads: list[UUID] = []
    real = app.get_aggregate

    def counting(aggregate_id: UUID, kind: Any, version: int | None = None) -> Any:
        reads.append(aggregate_id)
        return real(aggregate_id, kind, version)

    monkeypatch.setattr(app, "get_aggregate", counting)
    return reads


def test_a_known_trainer_is_read_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    trainer = uuid4()
    register_trainer(world.app, RegisterTrainer(trainer_id=trainer, name="Cy", email="c@x.io"),
                     world.ctx())
    reads = _count_reads(world.app, monkeypatch)
    for _ in range(3):
        register_client(world.app, RegisterClient(
            client_id=uuid4(), name="Ann", trainer_id=trainer, experience="beginner",
            sessions_per_week=3), world.ctx())
    assert reads.count(trainer) == 1


def test_an_unknown_trainer_is_asked_again_until_it_exists(world: World) -> None:
    later = uuid4()
    with pytest.raises(NotFound):
        require(world.app, Trainer, later, world.ctx())
    register_trainer(world.app, RegisterTrainer(trainer_id=later, name="Cy", email="c@x.io"),
                     world.ctx())
    require(world.app, Trainer, later, world.ctx())  # the earlier no was not remembered


def test_another_organization_or_kind_is_not_taken_for_known(world: World, make_world) -> None:  # type: ignore[no-untyped-def]
    require(world.app, Trainer, world.trainer, world.ctx())
    other = make_world(world.app)
    with pytest.raises(NotFound):
        require(world.app, Trainer, world.trainer, other.ctx())
    with pytest.raises(NotFound):
        require(world.app, Client, world.trainer, world.ctx())


def test_members_forget_the_least_recently_used_beyond_capacity() -> None:
    members = Members(capacity=2)
    a, b, c = uuid4(), uuid4(), uuid4()
    members.remember(a, Trainer, "org")
    members.remember(b, Trainer, "org")
    assert members.known(a, Trainer, "org")  # a is now the most recent
    members.remember(c, Trainer, "org")
    assert members.known(a, Trainer, "org") and members.known(c, Trainer, "org")
    assert not members.known(b, Trainer, "org")
