"""Effort scales, the reps x RPE -> %1RM chart, e1RM estimates and load rounding.

Figures come from docs/programming-knowledge.md; the chart is kept as data so tests can compare
the smooth fit against it.
"""

from __future__ import annotations

import math

# RPE -> %1RM for 1..12 reps (RTS-style chart).
RPE_TABLE: dict[float, tuple[float, ...]] = {
    10.0: (100, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0),
    9.5: (97.8, 93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7),
    9.0: (95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3),
    8.5: (93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0),
    8.0: (92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6),
    7.5: (90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3),
    7.0: (89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6, 59.9),
    6.5: (87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3, 58.6),
}

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


def epley(load: float, reps: int) -> float:
    return load * (1 + reps / 30)


def brzycki(load: float, reps: int) -> float:
    if reps >= 37:
        return epley(load, reps)
    return load * 36 / (37 - reps)


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
