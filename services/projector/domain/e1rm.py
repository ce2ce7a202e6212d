"""Estimated one-rep max (../shared/docs/programming-knowledge.md, "Estimated one-rep max")."""

from __future__ import annotations

from typing import Literal

Method = Literal["rpe_table", "epley", "epley_brzycki"]

# % of 1RM by RPE (rows, whole and half points 6.5-10) and reps 1-12 (columns)
_TABLE: dict[float, tuple[float, ...]] = {
    10.0: (100, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0),
    9.5: (97.8, 93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7),
    9.0: (95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3),
    8.5: (93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0),
    8.0: (92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6),
    7.5: (90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3),
    7.0: (89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0, 65.3, 62.6, 59.9),
    6.5: (87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7, 64.0, 61.3, 58.6),
}


def table_pct(reps: int, rpe: float) -> float | None:
    """% of 1RM from the chart, or None outside it (reps 1-12, RPE 6.5-10 in half points)."""
    row = _TABLE.get(round(rpe * 2) / 2) if abs(rpe * 2 - round(rpe * 2)) < 1e-9 else None
    if row is None or not 1 <= reps <= len(row):
        return None
    return row[reps - 1]


def epley(load: float, reps: int) -> float:
    return load * (1 + reps / 30)


def brzycki(load: float, reps: int) -> float | None:
    return load * 36 / (37 - reps) if reps < 37 else None


def effort_rpe(rpe: float | None, rir: float | None) -> float | None:
    """RPE = 10 - RIR: the two scales are one measure read two ways."""
    if rpe is not None:
        return float(rpe)
    if rir is not None:
        return 10.0 - float(rir)
    return None


def estimate(
    load_kg: float | None, reps: int | None, rpe: float | None = None, rir: float | None = None
) -> tuple[float, Method] | None:
    """e1RM in kg and how it was derived; None when the set carries no load or no reps.

    The chart when an effort rating was logged and is on it; Epley when the rating falls off the
    chart; the lower of Epley and Brzycki when no effort was logged.
    """
    if load_kg is None or reps is None or load_kg <= 0 or reps <= 0:
        return None
    effort = effort_rpe(rpe, rir)
    if effort is not None:
        pct = table_pct(reps, effort)
        if pct is not None:
            return round(load_kg * 100 / pct, 2), "rpe_table"
        return round(epley(load_kg, reps), 2), "epley"
    if reps == 1:
        return round(float(load_kg), 2), "epley_brzycki"
    candidates = [epley(load_kg, reps), brzycki(load_kg, reps)]
    return round(min(c for c in candidates if c is not None), 2), "epley_brzycki"
