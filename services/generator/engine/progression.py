"""Next prescription for one exercise from its logged history, per the methodology's method."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .effort import LOWER_BODY_PATTERNS, e1rm, next_load, pct_1rm, round_load
from .history import LoggedSet

Logs = list[tuple[dt.date, tuple[LoggedSet, ...]]]
# Percentage waves: (fraction of training max, reps) for weeks 1-3 of each wave.
WAVES: tuple[tuple[float, int], ...] = ((0.80, 5), (0.85, 3), (0.90, 2))
TRAINING_MAX = 0.9


@dataclass
class Prescription:
    reps: int
    load_kg: float | None = None
    percent_1rm: float | None = None
    rpe: float = 8.0
    notes: list[str] = field(default_factory=list)
    stalled: bool = False
    missed: bool = False
    e1rm: float | None = None


def session_e1rm(sets: tuple[LoggedSet, ...]) -> float:
    return max((e1rm(s.load_kg or 0, s.reps or 0, s.effort_rpe) for s in sets
                if s.completed and s.reps), default=0.0)


def _performance(sets: tuple[LoggedSet, ...]) -> float:
    """e1RM for loaded work, total reps (or seconds) for bodyweight work."""
    best = session_e1rm(sets)
    if best > 0:
        return best
    return float(sum((s.reps or 0) + (s.duration_s or 0) for s in sets if s.completed))


def is_stalled(logs: Logs, on: dt.date) -> bool:
    """Flat for 2-3 weeks: >= 3 exposures over >= 14 days with no gain above 1 % on the first."""
    window = [(d, s) for d, s in logs if (on - d).days <= 24]
    if len(window) < 3 or (window[-1][0] - window[0][0]).days < 14:
        return False
    first = _performance(window[0][1])
    return first > 0 and max(_performance(s) for _, s in window[1:]) <= first * 1.01


def _missed(sets: tuple[LoggedSet, ...], reps: int) -> bool:
    return any(not s.completed or (s.reps or 0) < reps for s in sets)


def _fmt(kg: float | None) -> str:
    return f"{kg:g} kg" if kg is not None else "bodyweight"


def training_max(exercise, logs: Logs, on: dt.date) -> tuple[float, str]:
    """A stepped training max: 90 % of the first logged e1RM, raised each completed 3-week cycle
    (+5 kg lower body, +2.5 kg upper body); reset to 90 % of the latest e1RM when the steps have
    run ahead of what the client lifts (the 5/3/1 reset after cycles without improvement)."""
    first = next(((d, session_e1rm(s)) for d, s in logs if session_e1rm(s) > 0), None)
    if first is None:
        return 0.0, "no loaded logs"
    cycle_days = 7 * len(WAVES)
    cycles = max(0, (on - first[0]).days // cycle_days)
    step = 5.0 if exercise.pattern in LOWER_BODY_PATTERNS else 2.5
    tm = TRAINING_MAX * first[1] + cycles * step
    recent = max((session_e1rm(s) for d, s in logs if (on - d).days <= cycle_days), default=0.0)
    latest = recent or session_e1rm(logs[-1][1])
    if latest and tm > 0.95 * latest:
        return TRAINING_MAX * latest, f"reset to 90 % of the latest e1RM {latest:.0f} kg"
    return tm, (f"90 % of e1RM {first[1]:.0f} kg + {step:g} kg x {cycles} completed cycles"
                if cycles else f"90 % of e1RM {first[1]:.0f} kg")


def prescribe(exercise, logs: Logs, method: str, rep_range: tuple[int, int], rpe: float,
              week: int, on: dt.date) -> Prescription:
    lo, hi = rep_range
    lt = exercise.load_type
    loaded = lt not in ("bodyweight", "band", "time")
    name = exercise.name
    if not logs:
        reps = lo if method in ("linear", "percentage_waves") else (lo + hi) // 2
        return Prescription(reps, None, round(pct_1rm(reps, rpe), 1), rpe,
                            [(f"{name}: no logs yet, pick a load that leaves "
                              f"{10 - rpe:g} reps in reserve")] if loaded else [])
    last = logs[-1][1]
    working = [s for s in last if s.reps]
    last_load = max((s.load_kg or 0 for s in working), default=0) or None
    best = session_e1rm(last)
    p = Prescription(lo, last_load if loaded else None, None, rpe, e1rm=best or None)
    p.stalled = is_stalled(logs, on)
    if method == "rpe_autoregulation" and loaded and best:
        p.reps = (lo + hi) // 2
        p.load_kg = round_load(best * pct_1rm(p.reps, rpe) / 100, lt)
        p.notes.append(f"{name}: {_fmt(p.load_kg)} from e1RM {best:.0f} kg at RPE {rpe:g}")
    elif method == "percentage_waves" and loaded and best:
        tm, how = training_max(exercise, logs, on)
        frac, p.reps = WAVES[(week - 1) % len(WAVES)]
        p.load_kg = round_load(tm * frac, lt)
        p.percent_1rm = round(frac * TRAINING_MAX * 100, 1)
        p.notes.append(f"{name}: wave week {(week - 1) % 3 + 1}, {frac:.0%} of training max "
                       f"{tm:.0f} kg ({how})")
    elif method == "linear":
        p.reps = lo
        failures = 0
        for _, sets in reversed(logs):
            if not _missed(sets, lo):
                break
            failures += 1
        if failures >= 3 and last_load:
            p.load_kg = round_load(last_load * 0.9, lt)
            p.notes.append(f"{name}: three failed sessions, load reset 10 % to {_fmt(p.load_kg)}")
        elif failures:
            p.missed = True
            p.notes.append(f"{name}: missed reps last time, repeat {_fmt(last_load)}")
        elif loaded and last_load:
            p.load_kg = next_load(last_load, lt)
            p.notes.append(f"{name}: all reps made, +1 step to {_fmt(p.load_kg)}")
        else:
            p.reps = min(hi + 5, max(s.reps or lo for s in working) + 1)
    else:  # double progression, also the fallback for unloaded work
        top = bool(working) and all(
            s.completed and (s.reps or 0) >= hi and (s.effort_rpe is None or s.effort_rpe <= rpe)
            for s in working)
        if top and loaded and last_load:
            p.load_kg, p.reps = next_load(last_load, lt), lo
            p.notes.append(f"{name}: every set reached {hi} reps at or under RPE {rpe:g} last "
                           f"time, load up to {_fmt(p.load_kg)}, back to {lo} reps")
        elif top:
            p.reps = hi
            p.notes.append(f"{name}: top of the range on every set, progress with a slower tempo")
        elif _missed(working, lo) or not working:
            p.missed, p.reps = True, lo
            p.notes.append(f"{name}: reps missed last time, hold {_fmt(p.load_kg)} at {lo} reps")
        else:
            p.reps = min(hi, min(s.reps or lo for s in working) + 1)
            p.notes.append(f"{name}: {p.reps} reps at {_fmt(p.load_kg)} (one more rep than the "
                           "weakest set last time)")
    if p.load_kg and p.percent_1rm is None and best:
        p.percent_1rm = round(100 * p.load_kg / best, 1)
    return p
