"""Calf raises: the library's standing/seated, single-leg and loaded variants, how Achilles,
calf and ankle problems exclude or regress them, and lower days that use them."""

import pytest
from engine_factories import block, client, history, lib, methodology, today

from services.generator.engine import allowed_candidates, assemble_session
from services.generator.engine.eligibility import Constraints
from services.generator.engine.families import family
from services.generator.engine.library.integrity import easier_closure

DYNAMIC = ("calf_raise", "single_leg_calf_raise", "weighted_single_leg_calf_raise",
           "dumbbell_calf_raise", "standing_machine_calf_raise", "leg_press_calf_press",
           "seated_dumbbell_calf_raise", "seated_machine_calf_raise")
ALL = DYNAMIC + ("isometric_calf_raise_hold",)


def calf_raises():
    return [e for e in lib().all() if family(e) == "calf_raise"]


def test_the_library_covers_standing_seated_single_leg_and_loaded_calf_raises():
    by_id = {e.id: e for e in calf_raises()}
    assert set(ALL) <= set(by_id)
    seated = [e for e in by_id.values() if "seated" in e.tags]
    assert {e.load_type for e in seated} >= {"dumbbell", "machine"}
    standing = [e for e in by_id.values() if "seated" not in e.tags]
    assert {e.load_type for e in standing} >= {"bodyweight", "dumbbell", "machine"}
    assert any(e.laterality == "unilateral" for e in standing)
    lib_by_id = {e.id: e for e in lib().all()}
    for e in by_id.values():
        assert e.pattern == "activation" and e.primary_muscles == ("calves",)
        assert "ankle" in e.loaded_joints and not e.compound
        assert "accessory" in e.roles
        # Every variant can be taken back to something with no equipment at all.
        assert any(not c.equipment for c in easier_closure(e, lib_by_id)) or "seated" in e.tags
    for ex_id in DYNAMIC:
        assert "loaded_plantar_flexion" in by_id[ex_id].positions


def _verdicts(region, severity, side="left"):
    c = client()
    t = today(pain=[(region, side, severity, "")])
    cons = Constraints.build(methodology(), c, t)
    return {e.id: cons.verdict(e) for e in calf_raises()}


@pytest.mark.parametrize("region", ["ankle", "calf", "foot"])
def test_moderate_achilles_ankle_or_foot_pain_excludes_loaded_calf_raises(region):
    v = _verdicts(region, 5)
    assert not any(v[i].allowed for i in DYNAMIC), [i for i in DYNAMIC if v[i].allowed]
    # A mid-range isometric hold is the usual first loading for a sore Achilles or ankle.
    if region in ("ankle", "calf"):
        hold = v["isometric_calf_raise_hold"]
        assert hold.allowed and hold.modify


@pytest.mark.parametrize("region", ["ankle", "calf"])
def test_mild_pain_keeps_calf_raises_lighter_and_slower_and_severe_pain_stops_them(region):
    mild = _verdicts(region, 2)
    for i in DYNAMIC:
        if lib().get(i).level == "advanced":  # the client is intermediate
            continue
        assert mild[i].allowed and mild[i].load_factor < 1 and mild[i].modify
    severe = _verdicts(region, 8)
    assert not any(v.allowed for v in severe.values())


def _lower(duration=75, pain=(), equipment=None):
    kw = {"equipment": equipment} if equipment else {}
    c = client(goal="hypertrophy", **({"equipment": equipment} if equipment else {}))
    t = today(duration=duration, focus="lower", pain=pain, **kw)
    return assemble_session(methodology(), c, history(), block("hypertrophy", week=2), t,
                            "s-1", lib())


def test_lower_days_use_one_calf_raise():
    for equipment in (None, ("dumbbell", "step", "band", "mat"), ("machine", "leg_press")):
        plan = _lower(90, equipment=equipment)
        calves = [i for i in plan.main if family(lib().get(i.exercise_id)) == "calf_raise"]
        assert len(calves) == 1, (equipment, [i.exercise_id for i in plan.main])
        assert calves[0].reps is not None or calves[0].duration_s is not None


def test_a_sore_achilles_on_leg_day_gets_no_loaded_calf_raise():
    plan = _lower(90, pain=[("ankle", "left", 5, "achilles sore")])
    ids = {i.exercise_id for i in plan.warmup + plan.main + plan.finisher}
    assert not ids & set(DYNAMIC), ids & set(DYNAMIC)
    direct = allowed_candidates(methodology(), client(),
                                today(pain=[("calf", "left", 5, "achilles")]), lib())
    assert not {e.id for e in direct.get("activation", [])} & set(DYNAMIC)
