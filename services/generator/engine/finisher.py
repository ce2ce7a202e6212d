"""Finisher: a short piece that serves the block's goal (intervals, pump work, carries, core)."""

from __future__ import annotations

from .items import make_item, mid
from .plan import Item
from .safety import hit
from .selection import Selector

BACK = frozenset({"lats", "upper_back", "rear_delts"})
# Block kind -> patterns to try, in order of fit to the block's goal.
FINISHER_PATTERNS: dict[str, tuple[str, ...]] = {
    "conditioning": ("conditioning", "locomotion", "carry"),
    "work_capacity": ("conditioning", "carry", "locomotion"),
    "hypertrophy": ("horizontal_pull", "conditioning", "anti_extension", "carry"),
    "strength": ("carry", "anti_rotation", "anti_extension", "anti_lateral_flexion"),
    "power": ("conditioning", "carry", "anti_rotation"),
    "foundation": ("anti_extension", "carry", "anti_lateral_flexion", "anti_rotation"),
    "return_to_training": ("anti_extension", "anti_lateral_flexion", "mobility"),
}
PURPOSE = {
    "conditioning": "intervals", "locomotion": "conditioning intervals",
    "carry": "grip and trunk work under load", "horizontal_pull": "extra pulling volume",
    "anti_extension": "trunk control", "anti_rotation": "trunk control",
    "anti_lateral_flexion": "trunk control", "mobility": "easy mobility work",
}


def loads_sore_region(sel: Selector, exercise) -> bool:
    """Optional extra work stays off a sore region: no direct hit at any severity, nothing that
    loads it at 4/10 or more (no sled sprints to finish a day with a sore ankle)."""
    return any((h := hit(exercise, region)) and (lim.severity >= 4 or h == "primary")
               for region, lim in sel.cons.limits.items())


def finisher_items(sel: Selector, kind: str, goal: str, seconds: float, scale: str,
                   styles: frozenset[str], rpe: float = 8.0,
                   focus: str = "full") -> tuple[list[Item], str | None]:
    if seconds < 120:
        return [], None
    patterns = FINISHER_PATTERNS.get(kind, FINISHER_PATTERNS["foundation"])
    if focus == "lower":  # no rows or presses tacked onto a leg day
        patterns = tuple(p for p in patterns if not p.endswith(("_pull", "_push")))
    if goal in ("fat_loss", "endurance") and patterns[0] != "conditioning":
        patterns = ("conditioning",) + patterns
    for pattern in patterns:
        pool = [e for e in sel.lib.by_pattern(pattern)
                if ("finisher" in e.roles) and e.id not in sel.used and sel.verdict(e).allowed
                and not loads_sore_region(sel, e)]
        if not pool:
            continue
        # A pulling finisher should train the back, not the biceps.
        ex = max(pool, key=lambda e: (e.id in sel.preferred,
                                      bool(BACK & set(e.primary_muscles)) or e.pattern != pattern
                                      or not pattern.endswith("_pull"), sel.rng.random()))
        sel.used.add(ex.id)
        sides = 2 if ex.laterality == "unilateral" else 1
        if ex.duration_s or not ex.reps:
            work = min(max(ex.duration_s[0], 20), ex.duration_s[1]) if ex.duration_s else 30
            rest = work if pattern in ("conditioning", "locomotion") else 45
            rounds = max(2, min(12, int(seconds // (work * sides + rest))))
            item = make_item(ex, block="FIN1", sets=rounds, reps=None, duration_s=work, rpe=rpe,
                             rest_s=rest, scale=scale, styles=styles, role="finisher")
        else:
            reps = mid(ex.reps, 12)
            rounds = max(2, min(5, int(seconds // (reps * 3 * sides + 10 + 60))))
            item = make_item(ex, block="FIN1", sets=rounds, reps=reps, duration_s=None, rpe=rpe,
                             rest_s=60, scale=scale, styles=styles, role="finisher")
        return [item], (f"Finisher: {ex.name}, {PURPOSE.get(pattern, 'support work')} "
                       f"for the {kind.replace('_', ' ')} block")
    return [], "No finisher: nothing suitable is safe and available today"
