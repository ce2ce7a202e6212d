"""Loading a request's inputs from the real read models and write model."""

from __future__ import annotations

import datetime as dt

import psycopg

from services.generator.adapters.writemodel import record
from services.generator.outcomes import Generated
from services.generator.worker.loading import load_request
from shared.writemodel.sessions.approve_session import ApproveSession, approve_session
from shared.writemodel.sessions.log_session import LogSession, log_session
from shared.writemodel.trainers.update_methodology import UpdateMethodology, update_methodology
from tests.integration.generator.gen_pipeline import command_context
from tests.unit.generator.gen_fakes import FakeEngine, request

NOW = dt.datetime.now(dt.timezone.utc)


def _requested(envelopes, session_id):
    return next(e for e in envelopes if e.type == "session.requested"
                and e.aggregate_id == session_id)


def test_history_client_state_and_the_requested_methodology_version(pipeline, database):
    org_id, client_id = pipeline.seed_client({"voice": "v1 voice", "generator_mode": "engine"})
    first = pipeline.request(org_id, client_id)
    env = _requested(pipeline.sync(), first)
    plan = FakeEngine().assemble(request())
    assert record(pipeline.app, env, Generated(plan), NOW)
    ctx = command_context(org_id)
    approve_session(pipeline.app, ApproveSession(session_id=first), ctx)
    log_session(pipeline.app, LogSession(
        session_id=first, feel=4, session_rpe=7, performed_on=NOW.date(),
        exercises=[{"exercise_id": "goblet_squat",
                    "sets": [{"reps": 8, "load_kg": 20, "rpe": 7, "completed": True}]}]), ctx)
    second = pipeline.request(org_id, client_id, duration_min=30, focus="upper")
    update_methodology(pipeline.app, UpdateMethodology(
        trainer_id=pipeline.trainer_of[client_id],
        methodology={"voice": "v2 voice", "generator_mode": "llm"}), ctx)
    envelopes = pipeline.sync()
    with psycopg.connect(database.app_dsn, autocommit=True) as conn:
        req = load_request(_requested(envelopes, second), conn, pipeline.app,
                           watermark_timeout_s=2.0, history_days=42)
    assert req.history_complete is True
    assert req.methodology["voice"] == "v1 voice"  # the version the request was made under
    assert req.today["duration_min"] == 30 and req.today["focus"] == "upper"
    assert req.client["goals"] == [{"goal": "strength", "priority": 1}]
    (past,) = req.history
    assert past["session_id"] == str(first)
    assert past["exercises"][0]["exercise_id"] == "goblet_squat" and past["feel"] == 4
    assert [i["exercise_id"] for i in past["plan"]["main"]][0] == "goblet_squat"
    assert req.seed == str(second) and req.date == NOW.date()
