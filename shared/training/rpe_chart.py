"""The reps x RPE -> %1RM chart and the rep-max formulas (../shared/docs/programming-knowledge.md).

One copy for the engine (which prescribes from it) and the projector (which reports e1RM from
it), so a trainer never sees an estimate computed one way and a load prescribed another.
"""

from __future__ import annotations

# RPE (whole and half points, 6.5-10) -> %1RM for 1..12 reps (RTS-style chart).
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


def epley(load: float, reps: int) -> float:
    return load * (1 + reps / 30)


def brzycki(load: float, reps: int) -> float | None:
    """None from 37 reps on, where the formula breaks down."""
    return load * 36 / (37 - reps) if reps < 37 else None
