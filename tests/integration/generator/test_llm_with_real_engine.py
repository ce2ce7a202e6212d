"""llm and hybrid modes with the real engine and library, over HTTP to the stub server."""

from __future__ import annotations

import pytest

from services.generator.adapters.engine import EngineAdapter
from services.generator.llm.client import LlmClient
from services.generator.llm.session_mode import run_llm_mode
from services.generator.llm.voice_mode import only_voice_changed, run_hybrid_mode
from services.generator.settings import LlmSettings
from tests.support.openai_stub_server import Reply
from tests.unit.generator.gen_fakes import request

METHODOLOGY = {"effort_scale": "rpe", "voice": "Warm, short sentences.",
               "philosophy": "Move well, then move heavy.", "banned_exercises": ["back_squat"],
               "generator_mode": "llm", "session_structure": {"warmup_min": 8, "finisher_min": 6}}


@pytest.fixture(scope="module")
def engine():
    return EngineAdapter()


def _request(**today):
    base = request(methodology=METHODOLOGY,
                   client={"id": "c-1", "experience": "intermediate",
                           "goals": [{"goal": "strength", "priority": 1}]})
    return request(methodology=base.methodology, client=base.client,
                   today={**base.today, "duration_min": 45, **today})


def _as_draft(plan):
    keys = ("exercise_id", "block", "sets", "reps", "duration_s", "load_kg", "rest_s", "tempo")
    part = lambda items: [{**{k: i[k] for k in keys}, "effort": i["effort"]["value"],  # noqa: E731
                           "cues": ["Own the position", "Smooth breathing"]} for i in items]
    return {"warmup": part(plan["warmup"]), "main": part(plan["main"]),
            "finisher": part(plan["finisher"]),
            "estimated_duration_min": plan["estimated_duration_min"],
            "rationale": ["Built from the allowed list"]}


def _llm(stub) -> LlmClient:
    return LlmClient(LlmSettings(model="openai/stub-model", api_base=stub.api_base,
                                 api_key="sk-test", timeout_s=2.0, num_retries=0))


def test_llm_plan_passes_every_engine_check(fresh_stub, engine):
    req = _request()
    draft = _as_draft(engine.assemble(req))
    banned = {**draft, "main": [{**draft["main"][0], "exercise_id": "back_squat"},
                                *draft["main"][1:]]}
    fresh_stub.script(Reply.json(banned), Reply.json(draft))
    out = run_llm_mode(req, engine, _llm(fresh_stub))
    assert out.plan["generator"]["mode"] == "llm"
    assert engine.check(out.plan, req) == []
    assert "back_squat" in fresh_stub.requests[1]["messages"][-1]["content"]
    candidates = {c["exercise_id"] for c in engine.candidates(req)}
    assert {i["exercise_id"] for p in ("warmup", "main", "finisher")
            for i in out.plan[p]} <= candidates


def test_hybrid_keeps_the_real_engine_session(fresh_stub, engine):
    req = _request()
    base = engine.assemble(req)
    voice = {"items": [{"exercise_id": i["exercise_id"], "cues": ["Stay tall", "Breathe out"]}
                       for p in ("warmup", "main", "finisher") for i in base[p]],
             "session_note": "Smooth and strong today."}
    fresh_stub.script(Reply.json(voice))
    out = run_hybrid_mode(req, engine, _llm(fresh_stub))
    assert out.plan["generator"]["mode"] == "hybrid"
    assert only_voice_changed(base, out.plan)
    assert engine.check(out.plan, req) == []
