"""The client's state folded from the event store (used when the read model is behind)."""

from __future__ import annotations

from uuid import uuid4

from services.generator.adapters.client_events import (
    SESSION_DERIVED,
    client_from_event_store,
    fresh_client,
    fresh_session,
)
from services.projector.domain.client_state import evolve
from shared.writemodel.clients.report_injury import ReportInjury, report_injury
from shared.writemodel.clients.resolve_injury import ResolveInjury, resolve_injury
from shared.writemodel.clients.set_equipment_profile import (
    SetEquipmentProfile,
    set_equipment_profile,
)
from shared.writemodel.outbound import read_envelopes
from shared.writemodel.store import open_in_memory
from tests.unit.writemodel.wm_world import build_world, drive_every_event_type


def _injure(world, region: str, severity: int):
    injury = uuid4()
    report_injury(world.app, ReportInjury(client_id=world.client, injury_id=injury, region=region,
                                          side="right", severity=severity), world.ctx())
    return injury


def test_a_just_reported_injury_and_equipment_are_in_the_state():
    world = build_world(open_in_memory())
    healed = _injure(world, "shoulder", 4)
    resolve_injury(world.app, ResolveInjury(client_id=world.client, injury_id=healed), world.ctx())
    _injure(world, "knee", 7)
    set_equipment_profile(world.app, SetEquipmentProfile(
        client_id=world.client, profile_name="home", items=["dumbbell", "bench"]), world.ctx())
    state = client_from_event_store(world.app, str(world.org), str(world.client))
    assert state is not None
    assert [(i["region"], i["severity"]) for i in state["active_injuries"]] == [("knee", 7)]
    assert state["equipment_profiles"] == {"home": ["bench", "dumbbell"]}
    assert state["experience"] == "beginner" and state["id"] == str(world.client)


def test_another_organizations_client_or_an_unknown_one_is_none():
    world = build_world(open_in_memory())
    assert client_from_event_store(world.app, str(uuid4()), str(world.client)) is None
    assert client_from_event_store(world.app, str(world.org), str(uuid4())) is None


def test_same_document_as_the_projectors_fold_of_the_published_events():
    world = build_world(open_in_memory())
    drive_every_event_type(world)
    published = None
    for _, env in read_envelopes(world.app, 0, limit=10_000):
        if env is not None and env.client_id == world.client:
            published = evolve(published, env.model_dump(mode="json"))
    ours = client_from_event_store(world.app, str(world.org), str(world.client))
    assert published is not None and ours is not None
    assert published["roadmap_position"].get("anchored_on")  # a block was advanced
    # Session events (other aggregates) only move these; the rest must agree exactly.
    skip = {*SESSION_DERIVED, "position", "updated_at"}
    assert {k: v for k, v in ours.items() if k not in skip} == \
        {k: v for k, v in published.items() if k not in skip}


def test_fresh_client_keeps_the_read_models_session_derived_fields():
    world = build_world(open_in_memory())
    _injure(world, "knee", 7)
    stale = {"id": str(world.client), "active_injuries": [], "adherence": {"planned": 4,
             "logged": 3, "rate": 0.75}, "latest_feel": 4}
    state = fresh_client(world.app, str(world.org), str(world.client), stale)
    assert state is not None
    assert state["adherence"]["logged"] == 3 and state["latest_feel"] == 4
    assert [i["region"] for i in state["active_injuries"]] == ["knee"]
    assert fresh_client(world.app, str(uuid4()), str(world.client), stale) is None


def test_fresh_session_brings_a_log_the_read_model_lacks():
    world = build_world(open_in_memory())
    drive_every_event_type(world)
    logged = [e for _, e in read_envelopes(world.app, 0, limit=10_000)
              if e is not None and e.type == "session.logged"]
    session_id = str(logged[0].aggregate_id)
    stale = {"id": session_id, "organization_id": str(world.org), "status": "approved",
             "log": None}
    doc = fresh_session(world.app, stale)
    assert doc["status"] == "logged" and doc["log"]["feel"] == logged[0].payload["feel"]
    foreign = {**stale, "organization_id": str(uuid4())}
    assert fresh_session(world.app, foreign) is foreign
