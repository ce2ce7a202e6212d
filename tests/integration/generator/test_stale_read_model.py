"""A read model behind the request never hides safety state (real PostgreSQL and Kafka).

The projector is held back (the test pipeline publishes without projecting), so the watermark
wait times out; injuries, equipment and profile must then come from the event store.
"""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg

from services.generator.adapters.writemodel import record
from services.generator.engine.library import load_library
from services.generator.engine.safety import hit
from services.generator.outcomes import Generated
from services.generator.worker.loading import load_request
from shared.writemodel.clients.report_injury import ReportInjury, report_injury
from shared.writemodel.clients.set_equipment_profile import (
    SetEquipmentProfile,
    set_equipment_profile,
)
from shared.writemodel.clients.update_profile import UpdateProfile, update_profile
from shared.writemodel.sessions.approve_session import ApproveSession, approve_session
from shared.writemodel.sessions.log_session import LogSession, log_session
from tests.integration.generator.gen_infra import settings_for
from tests.integration.generator.gen_pipeline import command_context
from tests.integration.generator.gen_worker_thread import WorkerThread
from tests.unit.generator.gen_fakes import FakeEngine
from tests.unit.generator.gen_fakes import request as fake_request

NOW = dt.datetime.now(dt.UTC)


def _knee_injury(pipeline, org_id, client_id, severity: int = 7) -> None:
    report_injury(pipeline.app, ReportInjury(
        client_id=client_id, injury_id=uuid.uuid4(), region="knee", side="right",
        severity=severity, description="patellar tendon irritation"), command_context(org_id))


def _requested(envelopes, session_id):
    return next(e for e in envelopes if e.type == "session.requested"
                and e.aggregate_id == session_id)


def test_loading_behind_the_projector_reads_injuries_equipment_and_profile(pipeline, database):
    org_id, client_id = pipeline.seed_client()
    pipeline.sync()  # the read model knows the client as registered
    _knee_injury(pipeline, org_id, client_id)
    set_equipment_profile(pipeline.app, SetEquipmentProfile(
        client_id=client_id, profile_name="home", items=["dumbbell", "bench"]),
        command_context(org_id))
    update_profile(pipeline.app, UpdateProfile(client_id=client_id,
                                               changes={"experience": "beginner"}),
                   command_context(org_id))
    session_id = pipeline.request(org_id, client_id, equipment=[], equipment_profile="home")
    envelopes = pipeline.sync(project=False)  # ...but none of what followed
    with psycopg.connect(database.app_dsn, autocommit=True) as conn:
        req = load_request(_requested(envelopes, session_id), conn, pipeline.app,
                           watermark_timeout_s=0.2, history_days=42)
    assert req.history_complete is False
    assert [(i["region"], i["severity"]) for i in req.client["active_injuries"]] == [("knee", 7)]
    assert req.client["equipment_profiles"] == {"home": ["bench", "dumbbell"]}
    assert req.client["experience"] == "beginner"


def test_loading_a_client_the_projector_has_never_seen(pipeline, database):
    org_id, client_id = pipeline.seed_client()
    _knee_injury(pipeline, org_id, client_id, severity=5)
    session_id = pipeline.request(org_id, client_id)
    envelopes = pipeline.sync(project=False)
    with psycopg.connect(database.app_dsn, autocommit=True) as conn:
        req = load_request(_requested(envelopes, session_id), conn, pipeline.app,
                           watermark_timeout_s=0.2, history_days=42)
    assert req.history_complete is False
    assert req.client["goals"] == [{"goal": "strength", "priority": 1}]
    assert [i["severity"] for i in req.client["active_injuries"]] == [5]


def test_worker_honours_an_injury_the_read_model_has_not_seen(pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    pipeline.sync()
    _knee_injury(pipeline, org_id, client_id)
    session_id = pipeline.request(org_id, client_id, focus="lower")
    pipeline.sync(project=False)  # the projector is behind: the injury is not in the read model
    settings = settings_for(database, kafka_topics, watermark_timeout_s=0.3)
    with WorkerThread(settings) as worker:  # the real engine
        events = pipeline.wait_for_result(session_id)
    (result,) = [e for e in events if e.type != "session.requested"]
    assert result.type == "session.generated", result.payload
    plan = result.payload["plan"]
    assert result.payload["history_complete"] is False
    assert "generated" in worker.outcomes
    assert any("knee injury 7/10" in line for line in plan["rationale"]), plan["rationale"]
    # At 7/10 nothing may load the knee at all: judged against the library's own anatomy.
    library = load_library()
    loading = [i["exercise_id"] for i in plan["main"] + plan["finisher"]
               if hit(library.get(i["exercise_id"]), "knee")]
    assert loading == [], (loading, plan["rationale"])
    assert "read from the event store" in plan["rationale"][-1]


def test_a_log_the_projector_has_not_applied_still_brings_its_pain_flag(pipeline, database):
    org_id, client_id = pipeline.seed_client()
    first = pipeline.request(org_id, client_id)
    env = _requested(pipeline.sync(), first)
    plan = FakeEngine().assemble(fake_request())
    assert record(pipeline.app, env, Generated(plan), NOW)
    ctx = command_context(org_id)
    approve_session(pipeline.app, ApproveSession(session_id=first), ctx)
    pipeline.sync()  # the read model has the session approved, not yet logged
    log_session(pipeline.app, LogSession(
        session_id=first, feel=2, session_rpe=8, performed_on=NOW.date(),
        pain_flags=[{"region": "knee", "side": "left", "severity": 5,
                     "exercise_id": "goblet_squat", "note": "sharp on the way down"}],
        exercises=[{"exercise_id": "goblet_squat",
                    "sets": [{"reps": 8, "load_kg": 20, "rpe": 8, "completed": True}]}]), ctx)
    second = pipeline.request(org_id, client_id)
    envelopes = pipeline.sync(project=False)
    with psycopg.connect(database.app_dsn, autocommit=True) as conn:
        req = load_request(_requested(envelopes, second), conn, pipeline.app,
                           watermark_timeout_s=0.2, history_days=42)
    assert req.history_complete is False
    (past,) = req.history
    assert past["session_id"] == str(first) and past["feel"] == 2
    assert [(p["exercise_id"], p["severity"]) for p in past["pain_flags"]] == [("goblet_squat", 5)]
