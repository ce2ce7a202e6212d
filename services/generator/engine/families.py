"""Exercise families and slot preferences: what a coach counts as "the same lift twice".

A session holds at most one member of a family (no deadlift plus sumo deadlift, no back squat plus
front squat). Families come from the pattern plus words in the id, so new library entries fall
into place without a table per exercise.
"""

from __future__ import annotations

from collections.abc import Callable

# (pattern, id fragments, family); first match wins.
_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("hinge", ("deadlift", "rack_pull"), "deadlift"),
    ("hinge", ("hip_thrust", "glute_bridge"), "hip_thrust"),
    ("hinge", ("leg_curl",), "leg_curl"),
    ("hinge", ("good_morning", "back_extension", "pull_through"), "hip_extension"),
    ("hinge", ("swing",), "swing"),
    ("lunge", ("split_squat",), "split_squat"),
    ("lunge", ("lunge",), "lunge"),
    ("lunge", ("step_up",), "step_up"),
    ("lunge", ("rdl",), "single_leg_hinge"),
    ("lunge", ("pistol", "skater", "single_leg_leg_press"), "single_leg_squat"),
    ("horizontal_push", ("push_up", "pushup"), "push_up"),
    ("horizontal_push", ("fly",), "chest_fly"),
    ("horizontal_push", ("press", "dip"), "horizontal_press"),
    ("vertical_push", ("lateral_raise",), "lateral_raise"),
    ("vertical_push", ("triceps", "skull_crusher", "pushdown"), "triceps"),
    ("vertical_push", ("press",), "overhead_press"),
    ("horizontal_pull", ("curl",), "biceps"),
    ("horizontal_pull", ("rear_delt", "reverse_machine_fly", "face_pull"), "rear_delt"),
    ("horizontal_pull", ("row",), "row"),
    ("vertical_pull", ("pull_up", "chin_up", "pullup", "chinup"), "pull_up"),
    ("vertical_pull", ("pulldown",), "pulldown"),
    ("activation", ("calf_raise", "calf_press"), "calf_raise"),
)


_CACHE: dict[tuple[str, str], str] = {}


def family(exercise) -> str:
    """The family of an exercise; its own id when it belongs to none."""
    key = (exercise.id, exercise.pattern)
    fam = _CACHE.get(key)
    if fam is None:
        fam = _CACHE[key] = _family(exercise)
    return fam


def _family(exercise) -> str:
    if "carry" in exercise.id:
        return "carry"  # a suitcase and a farmer carry are the same walk
    if exercise.pattern == "squat" and exercise.compound and "plyometric" not in exercise.tags:
        return "squat"  # every loaded or bodyweight bilateral squat: one per session
    for pattern, words, fam in _RULES:
        if exercise.pattern == pattern and any(w in exercise.id for w in words):
            return fam
    return exercise.id


# Slot preferences: a template slot names one of these to steer the pick inside a pattern.
WANTS: dict[str, Callable[[object], bool]] = {
    "compound": lambda e: e.compound,
    "hamstring_curl": lambda e: not e.compound and "hamstrings" in e.primary_muscles,
    "hip_thrust": lambda e: family(e) == "hip_thrust",
    "biceps": lambda e: not e.compound and "biceps" in e.primary_muscles,
    "triceps": lambda e: not e.compound and "triceps" in e.primary_muscles,
    "rear_delt": lambda e: "rear_delts" in e.primary_muscles or "shoulder_health" in e.tags,
    "single_leg": lambda e: e.laterality != "bilateral" and family(e) != "single_leg_hinge",
    # Calf raises (the tibialis raise also lists calves but trains the shin).
    "calves": lambda e: family(e) == "calf_raise",
}
# Accessory slots that are skipped rather than filled with something else of the pattern.
STRICT_WANTS = frozenset({"hamstring_curl", "hip_thrust", "biceps", "triceps", "rear_delt",
                          "calves"})
