"""allowed_candidates and check_plan: the guard rails the LLM mode relies on."""

import copy

from engine_factories import client, history, lib, methodology, session, today

from services.generator.engine import (
    ClientState,
    History,
    Methodology,
    PlanContext,
    Today,
    allowed_candidates,
    assemble_session,
    check_plan,
)
from services.generator.engine.safety import REGION_MAP, hit


def test_candidates_are_available_safe_and_grouped_by_pattern():
    m = methodology(banned_exercises=("goblet_squat",))
    c = client(injuries=[{"region": "knee", "side": "left", "severity": 8, "status": "active",
                          "description": "sore"}], equipment=("dumbbell", "band"))
    t = today(equipment=("dumbbell", "band"))
    groups = allowed_candidates(m, c, t, lib())
    assert groups and all(ex.pattern == p for p, exs in groups.items() for ex in exs)
    every = [ex for exs in groups.values() for ex in exs]
    assert all(set(ex.equipment) <= {"dumbbell", "band"} for ex in every)
    assert all(hit(ex, "knee") is None for ex in every)
    assert "goblet_squat" not in {ex.id for ex in every}
    assert "horizontal_pull" in groups


def _plan_and_context(**kw):
    m, c, t = methodology(), client(), today(**kw)
    d = assemble_session(m, c, history(), None, t, "seed", lib()).to_dict()
    return d, PlanContext(m, c, t, lib(), History())


def test_check_plan_accepts_engine_plans_and_names_each_violation():
    d, ctx = _plan_and_context()
    assert check_plan(d, ctx) == []

    bad = copy.deepcopy(d)
    bad["main"][0]["exercise_id"] = "made_up_lift"
    assert any("unknown exercise id 'made_up_lift'" in p for p in check_plan(bad, ctx))

    bad = copy.deepcopy(d)
    bad["main"][0]["cues"] = ["just one"]
    assert any("fewer than two cues" in p for p in check_plan(bad, ctx))

    bad = copy.deepcopy(d)
    bad["main"][0]["effort"] = {"scale": "rir", "value": 2}
    assert any("effort scale" in p for p in check_plan(bad, ctx))

    bad = copy.deepcopy(d)
    bad["estimated_duration_min"] = 90
    bad["main"] = bad["main"] * 2
    assert any(p.startswith("duration") for p in check_plan(bad, ctx))


def test_check_plan_catches_equipment_banned_injury_and_balance():
    d, _ = _plan_and_context()
    main = d["main"][0]
    ex = lib().get(main["exercise_id"])
    # The same plan judged against a day without that equipment, with it banned, with pain.
    no_kit = PlanContext(Methodology(), client(), Today(60, equipment=()), lib())
    if ex.equipment:
        assert any("not available today" in p for p in check_plan(d, no_kit))
    banned = PlanContext(Methodology(banned_exercises=(ex.id,)), client(), today(), lib())
    assert any("banned list" in p for p in check_plan(d, banned))
    region = next(r for r in REGION_MAP if hit(ex, r))
    sore = PlanContext(Methodology(), client(), today(pain=[(region, None, 8, "")]), lib())
    assert any("contraindicated" in p for p in check_plan(d, sore))
    # A week that already pushed a lot: a plan with pressing and little pulling breaks balance.
    pushy = history(session(2, {"barbell_bench_press": (10, 8, 80, 8),
                                "standing_dumbbell_shoulder_press": (10, 8, 20, 8)}))
    heavy_push = copy.deepcopy(d)
    heavy_push["main"] = [i for i in d["main"] if i["pattern"].endswith("_push")] or [
        {**d["main"][0], "exercise_id": "push_up", "pattern": "horizontal_push", "equipment": []}]
    ctx = PlanContext(Methodology(), client(), today(), lib(), pushy)
    assert any(p.startswith("balance") for p in check_plan(heavy_push, ctx))


def test_inputs_read_the_contract_json_shapes():
    m = Methodology.from_dict({"effort_scale": "rir", "deload": {"every_weeks": 4,
                               "volume_reduction_pct": 50}, "banned_exercises": ["x"],
                               "session_structure": {"warmup_min": 10, "finisher_min": 0}})
    assert (m.effort_scale, m.deload_every_weeks, m.deload_volume_reduction_pct) == ("rir", 4, 50)
    assert m.banned_exercises == ("x",) and m.warmup_min == 10 and m.finisher_min == 0
    c = ClientState.from_dict({"id": "c", "goals": [{"goal": "fat_loss", "priority": 2},
                                                     {"goal": "strength", "priority": 1}],
                               "active_injuries": [{"region": "knee", "severity": 4}],
                               "equipment_profiles": {"home": {"items": ["band"]}}})
    assert c.primary_goal == "strength" and c.injuries[0].status == "active"
    t = Today.from_dict({"duration_min": 45, "equipment_profile": "home", "date": "2026-11-30"})
    assert t.equipment_today(c) == frozenset({"band"})
    h = History.from_dict([{"performed_on": "2026-11-20", "exercises": [
        {"exercise_id": "back_squat", "sets": [{"reps": 5, "load_kg": 100, "rpe": 8}]}],
        "pain_flags": [{"region": "knee", "severity": 3, "exercise_id": "back_squat"}],
        "feel": 3, "session_rpe": 7}])
    assert h.last.logged["back_squat"][0].load_kg == 100
    assert h.last.pain_flags[0].exercise_id == "back_squat"
