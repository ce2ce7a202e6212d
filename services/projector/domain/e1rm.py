"""Estimated one-rep max (../shared/docs/programming-knowledge.md, "Estimated one-rep max")."""

from __future__ import annotations

from typing import Literal

from shared.training.rpe_chart import RPE_TABLE, brzycki, epley

Method = Literal["rpe_table", "epley", "epley_brzycki"]

def table_pct(reps: int, rpe: float) -> float | None:
    """% of 1RM from the chart, or None outside it (reps 1-12, RPE 6.5-10 in half points)."""
    row = RPE_TABLE.get(round(rpe * 2) / 2) if abs(rpe * 2 - round(rpe * 2)) < 1e-9 else None
    if row is None or not 1 <= reps <= len(row):
        return None
    return row[reps - 1]




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
