"""Deload weeks: the normal week's exercises (or fewer), fewer sets, lower effort, ending early."""

import pytest
from engine_factories import block, client, history, lib, methodology, session, today

from services.generator.engine import PlanContext, RoadmapPosition, assemble_session, check_plan

HIST = history(session(7, {"back_squat": (4, 6, 140, 8), "barbell_bench_press": (4, 6, 100, 8),
                           "barbell_bent_over_row": (4, 8, 80, 8)}))
CASES = [  # (experience, goal, block kind, rep range, duration, focus)
    ("advanced", "strength", "strength", (3, 6), 60, None),
    ("advanced", "strength", "strength", (3, 6), 90, None),
    ("intermediate", "hypertrophy", "hypertrophy", (6, 12), 75, "lower"),
    ("intermediate", "hypertrophy", "hypertrophy", (6, 12), 45, "upper"),
    ("beginner", "general_fitness", "foundation", (8, 12), 30, "full"),
]


def _pair(exp, goal, kind, reps, duration, focus):
    c, t, m = client(experience=exp, goal=goal), today(duration=duration, focus=focus), \
        methodology()
    hard = block(kind, week=3, weeks=4, deload_week=4, reps=reps)
    easy = block(kind, week=4, weeks=4, deload_week=4, reps=reps)
    normal = assemble_session(m, c, HIST, RoadmapPosition.from_dict(hard), t, "s-1", lib())
    deload = assemble_session(m, c, HIST, RoadmapPosition.from_dict(easy), t, "s-1", lib())
    return m, c, t, easy, normal, deload


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[2]}-{c[4]}min")
def test_deload_keeps_the_exercises_and_ends_early(case):
    m, c, t, easy, normal, deload = _pair(*case)
    normal_ids = [i.exercise_id for i in normal.main]
    deload_ids = [i.exercise_id for i in deload.main]
    # No padding: the same exercises or fewer, never one the normal week would not do.
    assert set(deload_ids) <= set(normal_ids), (deload_ids, normal_ids)
    assert len(deload_ids) <= len(normal_ids)
    # Nor any mobility padding the normal day did not have (its easy work may stay).
    assert {i.exercise_id for i in deload.finisher if i.role == "cooldown"} <= \
        {i.exercise_id for i in normal.finisher if i.role == "cooldown"}
    # Fewer sets in total (about 40 % fewer), none of them harder than RPE 6.
    sets = {i.exercise_id: i.sets for i in normal.main}
    assert sum(i.sets for i in deload.main) <= 0.75 * sum(sets[i] for i in deload_ids)
    assert all(i.sets <= sets[i.exercise_id] for i in deload.main)
    # The session is shorter than the time available, and the rationale says why.
    assert deload.estimated_duration_min < 0.9 * t.duration_min
    assert deload.estimated_duration_min < normal.estimated_duration_min
    assert any("session shorter than the time available by design" in r
               for r in deload.rationale), deload.rationale
    # check_plan knows a deload may end early, but only in a deload week.
    pos = RoadmapPosition.from_dict(easy)
    assert check_plan(deload.to_dict(), PlanContext(m, c, t, lib(), HIST, pos)) == []
    assert any(p.startswith("duration") for p in
               check_plan(deload.to_dict(), PlanContext(m, c, t, lib(), HIST)))


def test_a_deload_plan_is_not_stretched_by_a_longer_request():
    """The same day with 60 or 90 minutes available: a deload does not fill the extra half hour
    with more exercises than the normal 90-minute day has."""
    short = _pair("advanced", "strength", "strength", (3, 6), 60, None)[5]
    long_ = _pair("advanced", "strength", "strength", (3, 6), 90, None)
    assert long_[5].estimated_duration_min < 75
    assert len(long_[5].main) <= len(long_[4].main)
    assert short.estimated_duration_min < long_[5].estimated_duration_min
