"""Problems found reviewing generated sessions with a trainer's eye (issue #4), one test each."""

import pytest
from engine_factories import block, client, history, lib, methodology, session, today

from services.generator.engine import assemble_session
from services.generator.engine.safety import hit


def plan(m=None, c=None, h=None, pos=None, t=None, seed="s-1"):
    return assemble_session(m or methodology(), c or client(), h or history(), pos, t or today(),
                            seed, lib())


@pytest.mark.parametrize("logged", [False, True])
def test_a_beginner_never_gets_heavy_percentage_singles(logged):
    """A strength block written 1-5 reps at RPE 8-9.5 with percentage waves: a beginner still
    works in sets of 5+ at RPE 8 or easier, so no percentage near a max."""
    m = methodology(effort_scale="percent_1rm", progression_method="percentage_waves")
    c = client(experience="beginner", goal="strength")
    h = history(*[session(d, {"goblet_squat": (3, 5, 24, 8), "trap_bar_deadlift": (3, 5, 80, 8)})
                  for d in (21, 14, 7)]) if logged else history()
    for week in (1, 2, 3, 4):
        pos = block("strength", week=week, weeks=5, reps=(1, 5), effort=(8, 9.5),
                    progression="percentage_waves")
        p = plan(m, c, h, pos, today(focus="lower"))
        for it in p.main:
            if it.reps is not None:
                assert it.reps >= 5, (week, it.exercise_id, it.reps)
            if it.percent_1rm is not None:
                assert it.percent_1rm <= 85, (week, it.exercise_id, it.percent_1rm)
            if it.effort_scale == "rpe":
                assert it.effort_value <= 8
        assert any(r.startswith("Beginner:") for r in p.rationale)


def test_the_finisher_follows_the_block_effort_and_readiness():
    rtt = block("return_to_training", reps=(8, 12), effort=(5, 7))
    easy = plan(pos=rtt, t=today(duration=60))
    assert easy.finisher and all(i.effort_value <= 6 for i in easy.finisher), \
        [(i.exercise_id, i.effort_value) for i in easy.finisher]
    hyp = block("hypertrophy", week=4, weeks=5, effort=(7, 9))
    fresh = plan(pos=hyp, t=today(duration=60, readiness=4))
    tired = plan(pos=hyp, t=today(duration=60, readiness=2))
    assert max(i.effort_value for i in fresh.finisher) <= 8
    assert max(i.effort_value for i in tired.finisher) < max(i.effort_value for i in fresh.finisher)


def test_low_readiness_lowers_the_effort_target_not_only_the_load():
    hyp = block("hypertrophy", week=4, weeks=5, effort=(7, 9))
    fresh = plan(pos=hyp, t=today(focus="upper", readiness=4))
    tired = plan(pos=hyp, t=today(focus="upper", readiness=2))
    f = {i.exercise_id: i.effort_value for i in fresh.main if i.reps}
    t = {i.exercise_id: i.effort_value for i in tired.main if i.reps}
    common = set(f) & set(t)
    assert common and all(t[i] <= f[i] - 1 for i in common)
    assert any("target effort 1 RPE lower" in r for r in tired.rationale)


CASES = [("knee", "lower"), ("shoulder", "upper"), ("lower_back", "lower"), ("elbow", "upper"),
         ("hamstring", "lower"), ("calf", "lower"), ("wrist", "push"), ("hip", "lower")]


@pytest.mark.parametrize("region,focus", CASES)
@pytest.mark.parametrize("seed", ["s-1", "s-2", "s-3"])
def test_one_direct_hit_per_mildly_sore_region(region, focus, seed):
    """Pain 1-3 keeps the pattern, modified; but back squat and split squat on a sore knee, or
    bench press and an overhead press on a sore shoulder, is two exercises hammering it."""
    for duration in (45, 75):
        p = plan(pos=block("hypertrophy", week=2), seed=seed,
                 t=today(duration=duration, focus=focus, pain=[(region, "left", 3, "")]))
        direct = [i.exercise_id for i in p.main if hit(lib().get(i.exercise_id), region)
                  == "primary"]
        assert len(direct) <= 1, (duration, direct)
        # The finisher is optional work: it never loads the sore region directly.
        assert not any(hit(lib().get(i.exercise_id), region) == "primary" for i in p.finisher)


@pytest.mark.parametrize("region", ["ankle", "knee", "shoulder", "lower_back", "hip"])
def test_the_finisher_stays_off_a_region_hurting_at_4_or_more(region):
    for focus in ("lower", "upper", "full", "pull", "conditioning"):
        for goal in ("fat_loss", "general_fitness", "strength"):
            p = plan(c=client(goal=goal), t=today(duration=75, focus=focus,
                                                  pain=[(region, "right", 4, "")]))
            assert not any(hit(lib().get(i.exercise_id), region) for i in p.finisher), \
                (focus, goal, [i.exercise_id for i in p.finisher])


def test_a_leg_day_finisher_is_not_upper_body_work():
    for kind in ("hypertrophy", "strength", "foundation"):
        for duration in (45, 60, 75):
            p = plan(pos=block(kind, week=2), t=today(duration=duration, focus="lower"))
            assert not any(i.pattern.endswith(("_pull", "_push")) for i in p.finisher), \
                (kind, duration, [i.exercise_id for i in p.finisher])


def test_warm_up_drills_prepare_the_main_lifts():
    """A pull day's drills wake up the back and shoulders, not only the hips."""
    for focus, seed in (("pull", "s-1"), ("pull", "s-2"), ("upper", "s-1"), ("lower", "s-1")):
        p = plan(pos=block("hypertrophy", week=2), seed=seed,
                 t=today(duration=75, focus=focus))
        key = {m for i in p.main if i.role == "main"
               for m in lib().get(i.exercise_id).primary_muscles}
        drills = [lib().get(i.exercise_id) for i in p.warmup if i.block == "W2"]
        hits = [d.id for d in drills if key & set(d.primary_muscles)]
        assert len(hits) >= 2, (focus, seed, [d.id for d in drills], key)


def test_work_capacity_blocks_keep_rests_short():
    for goal, focus in (("general_fitness", "pull"), ("fat_loss", "full"), ("endurance", "lower")):
        p = plan(c=client(goal=goal), pos=block("work_capacity", reps=(10, 15), effort=(6, 8)),
                 t=today(duration=60, focus=focus))
        for it in p.main:
            if it.reps is not None:
                limit = 90 if it.role == "main" else 60
                assert it.base_rest_s <= limit, (goal, it.exercise_id, it.base_rest_s)
    heavy = plan(pos=block("strength", reps=(3, 6)), t=today(focus="lower"))
    assert any(i.rest_s >= 180 for i in heavy.main if i.role == "main")


SLOW_TEMPO_CASES = {  # exercise: (focus, block rep range, [(block kind, pain)])
    "kettlebell_swing": ("lower", (6, 12), [("hypertrophy", ()), ("return_to_training", ()),
                                            ("hypertrophy", [("lower_back", None, 2, "")])]),
    "pendlay_row": ("upper", (3, 6), [("strength", ()), ("strength", [("shoulder", "left", 3, "")]),
                                      ("strength", [("lower_back", None, 2, "")])]),
}


@pytest.mark.parametrize("ex_id", sorted(SLOW_TEMPO_CASES))
def test_explosive_lifts_get_no_slow_tempo(ex_id):
    """A three-second lowering on a swing or a Pendlay row contradicts its own cues."""
    m = methodology(preferred_exercises=(ex_id,))
    focus, reps, cases = SLOW_TEMPO_CASES[ex_id]
    seen = 0
    for kind, pain in cases:
        p = plan(m=m, c=client(experience="advanced"), pos=block(kind, week=2, reps=reps),
                 t=today(duration=75, focus=focus, pain=pain))
        for it in p.main:
            if it.exercise_id == ex_id:
                seen += 1
                assert it.tempo is None, (kind, pain)
    assert seen >= 2


@pytest.mark.parametrize("equipment", [None, ("dumbbell", "band", "mat"), ()],
                         ids=["gym", "home", "bodyweight"])
def test_a_40_minute_session_is_more_than_two_lifts_and_a_long_wait(equipment):
    """Four sets of two main lifts used to fill 40-45 minutes; a coach takes a set off each
    main lift to fit at least a third exercise, and rests bodyweight lifts less."""
    kw = {} if equipment is None else {"equipment": equipment}
    for goal, exp in (("mobility", "intermediate"), ("strength", "advanced"),
                      ("general_fitness", "beginner")):
        for focus in (None, "lower", "upper"):
            for duration in (40, 45):
                p = plan(c=client(experience=exp, goal=goal, **kw),
                         t=today(duration=duration, focus=focus, **kw))
                assert len(p.main) >= 3, (goal, focus, duration, [i.exercise_id for i in p.main])
                for it in p.main:
                    if it.role == "main" and lib().get(it.exercise_id).load_type == "bodyweight":
                        assert it.base_rest_s <= 90, it.exercise_id
