"""A client whose first goal is mobility: every session closes with end-range work for what it
trained, inside the requested time, never on a sore region, and the deload keeps it."""

import pytest
from engine_factories import block, client, history, lib, methodology, today

from services.generator.engine import PlanContext, RoadmapPosition, assemble_session, check_plan
from services.generator.engine.safety import hit


def _plan(goal="mobility", duration=60, focus=None, pain=(), week=2, deload_week=5):
    c, t, m = client(goal=goal), today(duration=duration, focus=focus, pain=pain), methodology()
    pos = RoadmapPosition.from_dict(block("foundation", week=week, weeks=5,
                                          deload_week=deload_week))
    return m, c, t, assemble_session(m, c, history(), pos, t, "s-1", lib())


def _cooldown(plan):
    return [i for i in plan.finisher if i.role == "cooldown"]


@pytest.mark.parametrize("duration,focus", [(30, "full"), (45, "upper"), (60, "lower"),
                                            (75, None)])
def test_mobility_sessions_close_with_end_range_work_for_what_they_trained(duration, focus):
    m, c, t, plan = _plan(duration=duration, focus=focus)
    drills = _cooldown(plan)
    assert drills, plan.finisher
    trained = {mu for i in plan.main for mu in lib().get(i.exercise_id).primary_muscles}
    assert any(trained & set(lib().get(d.exercise_id).primary_muscles) for d in drills)
    assert all(lib().get(d.exercise_id).pattern == "mobility" for d in drills)
    assert any(r.startswith("Mobility goal:") for r in plan.rationale)
    assert abs(plan.estimated_duration_min - duration) <= max(2, duration * 0.05)
    # the time came out of the main work: a strength client gets no such block
    _, _, _, other = _plan(goal="strength", duration=duration, focus=focus)
    assert not any(r.startswith("Mobility goal:") for r in other.rationale)
    assert check_plan(plan.to_dict(), PlanContext(m, c, t, lib(), history())) == []


def test_a_sore_region_gets_no_mobility_drill_that_loads_it():
    m, c, t, plan = _plan(duration=60, focus="lower", pain=[("hip", "left", 5, "")])
    for d in _cooldown(plan):
        assert not hit(lib().get(d.exercise_id), "hip"), d.exercise_id
    assert check_plan(plan.to_dict(), PlanContext(m, c, t, lib(), history())) == []


def test_the_deload_keeps_the_normal_weeks_drills():
    *_, normal = _plan(duration=60, focus="lower", week=4)
    *_, deload = _plan(duration=60, focus="lower", week=5, deload_week=5)
    assert [d.exercise_id for d in _cooldown(deload)] == [d.exercise_id for d in
                                                          _cooldown(normal)]
    assert any(r.startswith("Mobility goal:") for r in deload.rationale)
