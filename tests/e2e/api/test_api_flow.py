"""A trainer's whole story over HTTP against the running stack (API, relay, projector)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.e2e.api.conftest import Org
from tests.e2e.api.flow_helpers import PLAN, eventually, record_plan
from tests.e2e.api.harness import Stack

pytestmark = pytest.mark.usefixtures("needs_projector")


@pytest.fixture(scope="module")
def needs_projector(stack: Stack) -> None:
    if not stack.with_projector:
        pytest.skip("relay/projector not built or Kafka unreachable: read models unavailable")


def test_trainer_and_methodology(stack: Stack, org_a: Org) -> None:
    methodology = {"progression_method": "linear", "effort_scale": "rir",
                   "deload": {"every_weeks": 4, "volume_reduction_pct": 30}}
    with stack.http(org_a.admin) as api:
        created = api.post("/v1/trainers", json={"name": "Cleo", "email": "c@x.io",
                                                 "methodology": methodology})
        assert created.status_code == 201 and created.headers["Location"].endswith(
            created.json()["id"])
        tid = created.json()["id"]
        view = api.get(f"/v1/trainers/{tid}").json()
        assert view["methodology"]["effort_scale"] == "rir" and view["methodology_version"] == 1
    with stack.http(created.json()["api_key"]) as own:
        r = own.put(f"/v1/trainers/{tid}/methodology",
                    json={**methodology, "generator_mode": "hybrid"})
        assert r.status_code == 200 and r.json()["methodology_version"] == 2
        assert own.get(f"/v1/trainers/{tid}").json()["methodology"]["generator_mode"] == "hybrid"
        assert own.get(f"/v1/trainers/{tid}/dashboard").status_code == 200


def test_client_commands_read_model_and_time_travel(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.trainer) as api:
        created = api.post("/v1/clients", json={
            "name": "Dana", "trainer_id": org_a.trainer_id, "experience": "beginner",
            "sessions_per_week": 2, "birth_year": 1990, "goals": [{"goal": "mobility"}]})
        assert created.status_code == 201
        cid, v1 = created.json()["id"], created.json()["version"]
        before_injury = datetime.now(UTC).isoformat()
        inj = api.post(f"/v1/clients/{cid}/injuries", json={
            "region": "lower_back", "side": None, "severity": 5, "status": "active",
            "description": "tight after deadlifts"}).json()
        assert api.patch(f"/v1/clients/{cid}/injuries/{inj['injury_id']}",
                         json={"severity": 3}).status_code == 200
        eq = api.put(f"/v1/clients/{cid}/equipment/home", json={"items": ["dumbbell", "band"]})
        assert eq.status_code == 200
        state = api.get(f"/v1/clients/{cid}", params={"min_version": eq.json()["version"]})
        assert state.status_code == 200, state.text
        body = state.json()
        assert body["version"] >= eq.json()["version"] and body["trainer_id"] == org_a.trainer_id
        assert set(body["equipment_profiles"]["home"]) == {"dumbbell", "band"}
        assert "roadmap_position" in body and "active_injuries" in body
        now = api.get(f"/v1/clients/{cid}", params={"as_of": datetime.now(UTC).isoformat()})
        assert [i["severity"] for i in now.json()["active_injuries"]] == [3]
        resolved = api.post(f"/v1/clients/{cid}/injuries/{inj['injury_id']}/resolve",
                            json={"note": "pain free"})
        assert resolved.status_code == 200
        assert api.post(f"/v1/clients/{cid}/injuries/{inj['injury_id']}/resolve").status_code \
            == 409
        past = api.get(f"/v1/clients/{cid}", params={"as_of": before_injury}).json()
        assert past["version"] == v1 and past["active_injuries"] == []
        listed = api.get("/v1/clients").json()["items"]
        assert cid in {c["id"] for c in listed}


def test_read_model_reflects_injuries_and_profile_changes(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.trainer) as api:
        cid = api.post("/v1/clients", json={
            "name": "Finn", "trainer_id": org_a.trainer_id, "experience": "beginner",
            "sessions_per_week": 2}).json()["id"]
        api.post(f"/v1/clients/{cid}/injuries", json={"region": "hip", "severity": 4})
        patched = api.patch(f"/v1/clients/{cid}", json={"sessions_per_week": 3}).json()
        body = api.get(f"/v1/clients/{cid}", params={"min_version": patched["version"]}).json()
        assert [i["region"] for i in body["active_injuries"]] == ["hip"]
        assert body["name"] == "Finn" and body["sessions_per_week"] == 3


def test_roadmap_sessions_and_history(stack: Stack, org_a: Org) -> None:
    cid = org_a.client_id
    with stack.http(org_a.trainer) as api:
        roadmap = api.post(f"/v1/clients/{cid}/roadmap", json={"starts_on": "2026-12-07"})
        assert roadmap.status_code == 201, roadmap.text
        assert roadmap.json()["blocks"] and api.get(f"/v1/clients/{cid}/roadmap").json()[
            "roadmap_id"] == roadmap.json()["roadmap_id"]
        req = api.post(f"/v1/clients/{cid}/sessions", json={
            "duration_min": 40, "equipment": ["kettlebell"], "focus": "lower", "readiness": 4,
            "pain_flags": [{"region": "knee", "side": "left", "severity": 2, "note": "stairs"}]})
        assert req.status_code == 202 and req.json()["status"] == "requested"
        location = req.headers["Location"]
        waited = api.get(location, params={"wait": 0.5}).json()
        assert waited["status"] == "requested" and waited["plan"] is None
        record_plan(stack.database_url, org_a.id, req.json()["session_id"])
        generated = api.get(location, params={"wait": 5}).json()
        assert generated["status"] == "generated" and generated["plan"]["main"]
        edited = api.post(f"{location}/edit", json={"plan": {**PLAN, "rationale": ["edited"]}})
        assert edited.json()["status"] == "generated"
        assert api.post(f"{location}/approve", json={"note": "ok"}).json()["status"] == "approved"
        logged = api.post(f"{location}/log", headers={"X-Request-Id": "req-log-1"}, json={
            "exercises": [{"exercise_id": "goblet_squat", "sets": [
                {"reps": 10, "load_kg": 24, "rpe": 7, "rir": None, "completed": True}]}],
            "pain_flags": [], "feel": 4, "session_rpe": 7,
            "benchmarks": [{"name": "goblet_squat_10rm", "value": 24, "unit": "kg"}]})
        assert logged.status_code == 200 and logged.json()["status"] == "logged"
        history = eventually(lambda: [e for e in api.get(
            f"/v1/clients/{cid}/exercise-history").json()["exercises"]
            if e["exercise_id"] == "goblet_squat" and e["sets"]])
        assert history[0]["sets"][0]["reps"] == 10
        events = eventually(lambda: [e for e in api.get(f"/v1/clients/{cid}/events").json()[
            "items"] if e["type"] == "session.logged"])
        assert {"type", "occurred_at", "actor", "version", "payload"} <= set(events[0])
        assert events[0]["actor"] == {"kind": "trainer", "id": org_a.trainer_id}
        assert events[0]["correlation_id"] == "req-log-1"
        cancel = api.post(f"/v1/clients/{cid}/sessions", json={"duration_min": 30}).json()
        r = api.post(f"/v1/sessions/{cancel['session_id']}/cancel", json={"reason": "sick"})
        assert r.json()["status"] == "cancelled"


def test_transfer_and_access_log(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.admin) as admin:
        cid = admin.post("/v1/clients", json={
            "name": "Eve", "trainer_id": org_a.trainer_id, "experience": "advanced",
            "sessions_per_week": 4}).json()["id"]
        moved = admin.post(f"/v1/clients/{cid}/transfer",
                           json={"to_trainer_id": org_a.other_trainer_id, "reason": "schedule"})
        assert moved.status_code == 200
        log = admin.get("/v1/audit/access-log").json()["items"]
    with stack.http(org_a.trainer) as old, stack.http(org_a.other_trainer) as new:
        assert old.get(f"/v1/clients/{cid}").status_code == 404
        assert new.get(f"/v1/clients/{cid}",
                       params={"min_version": moved.json()["version"]}).status_code == 200
        assert old.get("/v1/audit/access-log").status_code == 403
    with stack.http(org_a.admin) as admin:
        after = admin.get("/v1/audit/access-log", params={"client_id": cid}).json()["items"]
    assert len(log) > 0 and any(e["resource"] == "client" for e in after)
    resources = {e["resource"] for e in log}
    assert {"session", "exercise_history", "client_events"} <= resources
    assert {"accessed_at", "role", "actor_id", "data_kinds", "path"} <= set(after[0])


def test_pound_organizations_see_and_log_pounds(stack: Stack) -> None:
    created = stack.create_org("Pound Gym", unit="lb")
    with stack.http(created["api_key"]) as api:
        trainer = api.post("/v1/trainers", json={"name": "P", "email": "p@x.io"}).json()
        cid = api.post("/v1/clients", json={
            "name": "Lou", "trainer_id": trainer["id"], "experience": "intermediate",
            "sessions_per_week": 3}).json()["id"]
        sid = api.post(f"/v1/clients/{cid}/sessions", json={"duration_min": 40}).json()[
            "session_id"]
        record_plan(stack.database_url, created["organization_id"], sid)
        view = api.get(f"/v1/sessions/{sid}", params={"wait": 5}).json()
        assert view["unit"] == "lb"
        item = view["plan"]["main"][0]
        assert item["load_kg"] == 24 and item["load_lb"] == pytest.approx(52.9, abs=0.1)
        api.post(f"/v1/sessions/{sid}/approve")
        logged = api.post(f"/v1/sessions/{sid}/log", json={
            "exercises": [{"exercise_id": "goblet_squat", "sets": [
                {"reps": 8, "load_lb": 55, "completed": True}]}], "feel": 3, "session_rpe": 6})
        assert logged.status_code == 200, logged.text
        history = eventually(lambda: [e for e in api.get(
            f"/v1/clients/{cid}/exercise-history").json()["exercises"] if e["sets"]])
        first = history[0]["sets"][0]
        assert float(first["load_kg"]) == pytest.approx(24.95, abs=0.01)
        assert first["load_lb"] == pytest.approx(55.0, abs=0.1)


def test_projections_rebuild_from_the_cli(stack: Stack, org_a: Org) -> None:
    done = stack.spotter("projections", "rebuild", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["events"] > 0
    with stack.http(org_a.admin) as api:
        r = api.get(f"/v1/clients/{org_a.client_id}")
        assert r.status_code == 200 and r.json()["trainer_id"] == org_a.trainer_id
