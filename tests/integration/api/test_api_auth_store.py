"""API-key authentication against the real write model on PostgreSQL (a fresh database)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from services.api.adapters.writemodel import WriteModel
from services.api.auth.keys import KeyAuthenticator, parse_token
from services.api.cli import admin
from services.api.schemas.clients import ClientCreate, EquipmentProfile, InjuryCreate
from services.api.schemas.trainers import TrainerCreate
from shared.events.envelope import Actor
from shared.writemodel.context import CommandContext
from tests.e2e.api.harness import create_database, drop_database


@pytest.fixture(scope="module")
def wm() -> Iterator[WriteModel]:
    name, dsn = create_database("h_api_auth")
    model = WriteModel.open(dsn, create_table=True, pool_size=2)
    try:
        yield model
    finally:
        model.close()
        drop_database(name)


def test_a_created_key_authenticates_as_its_organization_admin(wm: WriteModel) -> None:
    created = admin.create_org(wm, "Auth Gym", "kg")
    parsed = parse_token(created["api_key"])
    assert parsed is not None
    principal = wm.authenticate(*parsed)
    assert principal is not None and principal.role == "admin"
    assert str(principal.organization_id) == created["organization_id"]
    assert wm.authenticate(parsed[0], parsed[1] + "0") is None
    assert wm.authenticate(uuid.uuid4(), parsed[1]) is None


def test_revocation_beats_the_cache_within_its_ttl(wm: WriteModel) -> None:
    org = admin.create_org(wm, "Cache Gym", "lb")
    issued = admin.issue_key(wm, org["organization_id"], "analyst", None, "cache")
    clock = [0.0]
    auth = KeyAuthenticator(wm.authenticate, ttl_s=2.0, clock=lambda: clock[0])
    assert auth.authenticate(issued["api_key"]) is not None
    admin.revoke_key(wm, issued["key_id"], "test")
    clock[0] = 1.0
    assert auth.authenticate(issued["api_key"]) is not None  # cached positive, within TTL
    clock[0] = 2.5
    assert auth.authenticate(issued["api_key"]) is None
    assert parse_token("spk_nothex_x") is None and parse_token("bearer") is None


def test_client_as_of_folds_history_until_the_instant(wm: WriteModel) -> None:
    org = admin.create_org(wm, "Time Gym", "kg")
    assert admin.list_orgs(wm)[-1]["organization_id"] == org["organization_id"]
    org_id = uuid.UUID(org["organization_id"])
    t0 = datetime(2026, 1, 1, tzinfo=UTC)

    def ctx(minutes: int) -> CommandContext:
        return CommandContext(organization_id=org_id, actor=Actor(kind="admin", id="t"),
                              correlation_id="c", now=t0 + timedelta(minutes=minutes))

    trainer = wm.register_trainer(ctx(0), TrainerCreate(name="T", email="t@x.io"))
    client = wm.register_client(ctx(1), ClientCreate(
        name="C", trainer_id=trainer["id"], experience="beginner", sessions_per_week=2))
    wm.report_injury(ctx(2), client["id"], InjuryCreate(region="knee", severity=4))
    wm.set_equipment_profile(ctx(3), client["id"], "gym",
                             EquipmentProfile(items=["barbell", "rack"]))
    ref = wm.client_ref(org_id, client["id"])
    assert ref is not None and ref.version == 3
    assert wm.client_as_of(ref, t0) is None
    at_1 = wm.client_as_of(ref, t0 + timedelta(minutes=1, seconds=30))
    assert at_1 is not None and at_1["version"] == 1 and at_1["active_injuries"] == []
    at_3 = wm.client_as_of(ref, t0 + timedelta(minutes=5))
    assert at_3 is not None and at_3["version"] == 3
    assert [i["region"] for i in at_3["active_injuries"]] == ["knee"]
    assert at_3["equipment_profiles"] == {"gym": ["barbell", "rack"]}
    assert wm.client_ref(uuid.uuid4(), client["id"]) is None  # another organization: hidden
