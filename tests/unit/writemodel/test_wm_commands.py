"""Command handlers on the in-memory store: tenancy, versions, idempotency, invariants."""

from __future__ import annotations

from uuid import uuid4

import pytest
from wm_world import World

from shared.writemodel.clients.report_injury import ReportInjury, report_injury
from shared.writemodel.clients.resolve_injury import ResolveInjury, resolve_injury
from shared.writemodel.clients.set_equipment_profile import (
    SetEquipmentProfile,
    set_equipment_profile,
)
from shared.writemodel.clients.transfer_client import TransferClient, transfer_client
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.errors import (
    Conflict,
    CrossOrganizationTransfer,
    IdempotencyKeyReused,
    InjuryAlreadyResolved,
    InvalidPayload,
    NotFound,
)
from shared.writemodel.sessions.request_session import (
    RequestSession,
    UnknownEquipmentProfile,
    request_session,
)
from shared.writemodel.trainers.register_trainer import RegisterTrainer, register_trainer


def injury(world: World, **overrides: object) -> ReportInjury:
    fields = {"client_id": world.client, "injury_id": uuid4(), "region": "knee",
              "side": "left", "severity": 4, "description": "stairs"}
    return ReportInjury(**{**fields, **overrides})  # type: ignore[arg-type]


def max_position(world: World) -> int:
    return world.app.recorder.max_notification_id() or 0


def test_report_injury_returns_the_new_version(world: World) -> None:
    outcome = report_injury(world.app, injury(world), world.ctx())
    client = world.app.get_aggregate(world.client, Client)
    assert outcome.version == client.version == 2
    assert outcome.extra["injury_id"] in client.injuries


def test_invalid_severity_is_refused_and_nothing_is_written(world: World) -> None:
    before = max_position(world)
    with pytest.raises(InvalidPayload):
        report_injury(world.app, injury(world, severity=-1), world.ctx())
    assert max_position(world) == before


def test_stale_expected_version_is_a_conflict(world: World) -> None:
    report_injury(world.app, injury(world), world.ctx(expected_version=1))
    with pytest.raises(Conflict) as info:
        report_injury(world.app, injury(world), world.ctx(expected_version=1))
    assert info.value.current_version == 2


def test_another_organizations_client_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        report_injury(world.app, injury(world), world.ctx(organization_id=uuid4()))
    with pytest.raises(NotFound):
        report_injury(world.app, injury(world, client_id=uuid4()), world.ctx())


def test_idempotent_retry_returns_the_stored_response_and_writes_nothing(world: World) -> None:
    first = report_injury(world.app, injury(world), world.ctx(idempotency_key="k1"))
    after_first = max_position(world)
    # A retry makes a fresh injury id (a new attempt), but the body is the same.
    again = report_injury(world.app, injury(world), world.ctx(idempotency_key="k1"))
    assert again.replayed and again.to_json() == first.to_json()
    assert max_position(world) == after_first
    with pytest.raises(IdempotencyKeyReused):
        report_injury(world.app, injury(world, severity=9), world.ctx(idempotency_key="k1"))


def test_resolve_twice_is_refused(world: World) -> None:
    out = report_injury(world.app, injury(world), world.ctx())
    cmd = ResolveInjury(client_id=world.client, injury_id=out.extra["injury_id"])
    resolve_injury(world.app, cmd, world.ctx())
    with pytest.raises(InjuryAlreadyResolved):
        resolve_injury(world.app, cmd, world.ctx())


def test_transfer_only_within_the_organization(world: World, make_world) -> None:  # type: ignore[no-untyped-def]
    other = make_world(world.app)
    with pytest.raises(CrossOrganizationTransfer):
        transfer_client(world.app, TransferClient(client_id=world.client,
                                                  to_trainer_id=other.trainer), world.ctx())
    colleague = uuid4()
    register_trainer(world.app, RegisterTrainer(trainer_id=colleague, name="Cy", email="c@x.io"),
                     world.ctx())
    transfer_client(world.app, TransferClient(client_id=world.client, to_trainer_id=colleague),
                    world.ctx())
    assert world.app.get_aggregate(world.client, Client).trainer_id == str(colleague)


def test_request_session_resolves_the_equipment_profile(world: World) -> None:
    set_equipment_profile(world.app, SetEquipmentProfile(
        client_id=world.client, profile_name="home", items=["kettlebell", "band"]), world.ctx())
    with pytest.raises(UnknownEquipmentProfile):
        request_session(world.app, RequestSession(client_id=world.client, session_id=uuid4(),
                                                  duration_min=45, equipment_profile="gym"),
                        world.ctx())
    out = request_session(world.app, RequestSession(
        client_id=world.client, session_id=uuid4(), duration_min=45, equipment_profile="home"),
        world.ctx())
    session = world.app.get_aggregate(out.aggregate_id, TrainingSession)
    assert session.request["equipment"] == ["band", "kettlebell"]
    assert session.request["client_version"] == 2 and session.request["methodology_version"] == 1
    assert session.client_id == str(world.client) and out.extra == {"status": "requested"}
