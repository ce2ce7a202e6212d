"""Warm-up: general raise, drills for today's patterns and limitations, ramp-up sets."""

from __future__ import annotations

from .effort import round_load
from .items import make_item, mid
from .plan import Item
from .safety import REGION_MAP, is_care_drill
from .selection import Selector

GENERAL_PATTERNS = ("conditioning", "locomotion")
DRILL_PATTERNS = ("mobility", "activation")


def general_item(sel: Selector, seconds: int, scale: str, styles: frozenset[str]) -> Item | None:
    pool = [e for p in GENERAL_PATTERNS for e in sel.lib.by_pattern(p)
            if "warmup" in e.roles and e.duration_s and sel.verdict(e).allowed
            and e.id not in sel.used]
    if not pool:
        return None
    # Low-skill, low-impact first: a warm-up raises temperature, it is not a workout. Something
    # made for a few steady minutes (marching, a bike), not a 30-second crawl held for four.
    ex = min(pool, key=lambda e: ("impact" in e.positions, e.duration_s[1] < min(seconds, 120),
                                  -len(e.equipment) * (e.level == "beginner"), sel.rng.random()))
    sel.used.add(ex.id)
    return make_item(ex, block="W1", sets=1, reps=None, duration_s=seconds, rpe=4.0, rest_s=0,
                     scale=scale, styles=styles, role="warmup")


def drill_items(sel: Selector, main_exercises: list, count: int, scale: str,
                styles: frozenset[str], key_lifts: list = ()) -> list[Item]:
    """key_lifts: the session's main lifts; drills for what they train come first (band
    pull-aparts before rows and pull-ups, not hip stretches because a leg curl follows)."""
    key_muscles = {m for e in key_lifts for m in e.primary_muscles}
    key_joints = {j for e in key_lifts for j in e.loaded_joints}
    muscles = {m for e in main_exercises for m in e.primary_muscles + e.secondary_muscles}
    joints = {j for e in main_exercises for j in e.loaded_joints}
    # Care drills only for a limited region today's main work actually loads: knee drills on a
    # lower day, not on an upper day.
    relevant = [r for r in sel.cons.limits
                if REGION_MAP[r].joints & joints or REGION_MAP[r].muscles & muscles]
    limited = [REGION_MAP[r] for r in relevant]
    pool = [e for p in DRILL_PATTERNS for e in sel.lib.by_pattern(p)
            if "warmup" in e.roles and sel.verdict(e).allowed and e.id not in sel.used]

    def score(e) -> tuple:
        rel = len(muscles & set(e.primary_muscles)) + len(joints & set(e.loaded_joints))
        rel += 2 * len(key_muscles & set(e.primary_muscles)) + len(key_joints & set(e.loaded_joints))
        # Drills that work around a limitation (e.g. rotator cuff for a sore shoulder) come first.
        care = sum(bool(m.muscles & set(e.primary_muscles) or m.joints & set(e.loaded_joints))
                   for m in limited)
        care += 3 * sum(is_care_drill(e, r) for r in relevant)
        return (-(care * 2 + rel), sel.rng.random())

    out = []
    for ex in sorted(pool, key=score)[:count]:
        sel.used.add(ex.id)
        reps = mid(ex.reps, 10) if ex.reps else None
        dur = None if reps else mid(ex.duration_s, 30)
        out.append(make_item(ex, block="W2", sets=1, reps=reps, duration_s=dur, rpe=4.0,
                             rest_s=15, scale=scale, styles=styles, role="warmup"))
    return out


UNLOADED = ("bodyweight", "band", "time")
# (fraction of the working load, reps, what to take when there is no load yet)
RAMP = ((0.4, 8, "{first}"), (0.6, 5, "A light load"),
        (0.8, 3, "A moderate load, about two jumps below your working weight"))
FIRST_RAMP = {"barbell": "Empty bar", "dumbbell": "The lightest dumbbells",
              "kettlebell": "A light kettlebell"}


def first_loaded_main(main: list[Item], library) -> Item | None:
    """The first main lift that takes external load: the one worth ramping up to."""
    return next((i for i in main if i.role == "main" and i.reps
                 and library.get(i.exercise_id).load_type not in UNLOADED), None)


def ramp_items(first: Item, exercise, scale: str, styles: frozenset[str]) -> list[Item]:
    """Three build-up sets of the first loaded main lift at about 40/60/80 % of the working load
    (or empty bar / light / moderate when there is no load yet), fewer reps each time."""
    if exercise.load_type in UNLOADED or not first.reps:
        return []
    out = []
    base_pct = first.percent_1rm
    for frac, reps, label in RAMP:
        reps = max(1, min(reps, first.reps))
        load = round_load(first.load_kg * frac, exercise.load_type) if first.load_kg else None
        label = label.format(first=FIRST_RAMP.get(exercise.load_type, "A very light load"))
        cue = f"{label}: a ramp-up set, not a work set." if load is None else \
            f"Ramp-up set at about {int(frac * 100)} % of today's working load."
        out.append(make_item(exercise, block="R1", sets=1, reps=reps, duration_s=None, rpe=5.0,
                             rest_s=60, scale=scale, styles=styles, role="ramp", load_kg=load,
                             percent_1rm=round(base_pct * frac, 1) if base_pct else
                             round(100 * frac * 0.75, 1), extra_cues=[cue]))
    return out
