"""Effort scales, the reps x RPE -> %1RM chart, e1RM estimates and load rounding.

Figures come from docs/programming-knowledge.md; the chart is kept as data so tests can compare
the smooth fit against it.
"""

from __future__ import annotations

import math

from shared.training.rpe_chart import RPE_TABLE, epley
from shared.training.rpe_chart import brzycki as chart_brzycki

# Load steps by load type: the smallest increment a client can actually add.
KETTLEBELLS: tuple[float, ...] = (4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 48)
STEP_KG: dict[str, float] = {
    "barbell": 2.5, "dumbbell": 2.0, "cable": 2.5, "machine": 5.0, "band": 0.0,
    "bodyweight": 0.0, "time": 0.0,
}
LOWER_BODY_PATTERNS = frozenset({"squat", "hinge", "lunge", "carry"})


def rpe_to_rir(rpe: float) -> float:
    return 10.0 - rpe


def rir_to_rpe(rir: float) -> float:
    return 10.0 - rir


def pct_fit(reps: int, rpe: float) -> float:
    """Smooth fit of the chart; valid for any reps >= 1 and RPE <= 10."""
    x = (10.0 - rpe) + (reps - 1)
    if x >= 16:
        return 50.0
    if x <= 2.92:
        pct = 0.347619 * x * x - 4.60714 * x + 99.9667
    else:
        pct = -2.64249 * x + 97.0955
    return max(50.0, min(100.0, pct))


def pct_1rm(reps: int, rpe: float) -> float:
    """%1RM for reps at an RPE: the chart where it is defined (half RPEs interpolated), else the fit."""
    if not 1 <= reps <= 12 or not 6.5 <= rpe <= 10:
        return pct_fit(reps, rpe)
    lo = math.floor(rpe * 2) / 2
    hi = math.ceil(rpe * 2) / 2
    a = RPE_TABLE[lo][reps - 1]
    if hi == lo:
        return a
    b = RPE_TABLE[hi][reps - 1]
    return a + (b - a) * (rpe - lo) / (hi - lo)


def brzycki(load: float, reps: int) -> float:
    """Brzycki, falling back to Epley where Brzycki breaks down (37+ reps)."""
    estimate = chart_brzycki(load, reps)
    return epley(load, reps) if estimate is None else estimate


def e1rm(load: float, reps: int, rpe: float | None = None, rir: float | None = None) -> float:
    """Estimated one-rep max; the chart when effort was logged, else the lower of Epley/Brzycki."""
    if reps <= 0 or load <= 0:
        return 0.0
    if rpe is None and rir is not None:
        rpe = rir_to_rpe(rir)
    if rpe is not None and 5 <= rpe <= 10:
        return load / (pct_1rm(reps, rpe) / 100)
    if reps == 1:
        return load
    return min(epley(load, reps), brzycki(load, reps))


def round_load(kg: float, load_type: str) -> float | None:
    """Round to what the equipment allows; None when the load type takes no external load."""
    if load_type in ("bodyweight", "band", "time"):
        return None
    if kg <= 0:
        return None
    if load_type == "kettlebell":
        return float(min(KETTLEBELLS, key=lambda bell: (abs(bell - kg), bell)))
    step = STEP_KG.get(load_type, 2.5)
    if load_type == "barbell":
        # An empty Olympic bar is the floor.
        return max(20.0, round(kg / step) * step)
    return max(step, round(kg / step) * step)


def next_load(kg: float, load_type: str, steps: int = 1) -> float | None:
    """The load `steps` increments above (or below, when negative) kg."""
    if load_type == "kettlebell":
        bells = list(KETTLEBELLS)
        current = round_load(kg, "kettlebell") or bells[0]
        i = bells.index(current) + steps
        return float(bells[max(0, min(len(bells) - 1, i))])
    step = STEP_KG.get(load_type, 2.5)
    if step == 0:
        return None
    return round_load(kg + steps * step, load_type)


def effort_value(scale: str, reps: int | None, rpe: float) -> float:
    """An RPE target expressed in the trainer's scale."""
    if scale == "rir":
        return rpe_to_rir(rpe)
    if scale == "percent_1rm":
        return round(pct_1rm(reps or 5, rpe), 1)
    return rpe
