"""Builders for engine inputs used by the scenario and property tests."""

from __future__ import annotations

import datetime as dt

from services.generator.engine import (
    ClientState,
    History,
    LoggedSet,
    Methodology,
    PainFlag,
    PastSession,
    PlannedItem,
    Today,
)
from services.generator.engine.library import load_library

TODAY = dt.date(2026, 11, 30)
GYM = ("barbell", "rack", "bench", "plates", "dumbbell", "kettlebell", "cable", "machine",
       "leg_press", "pullup_bar", "band", "box", "mat", "landmine", "rower", "bike", "sled",
       "trap_bar", "smith_machine", "dip_station", "jump_rope", "medicine_ball", "step")


def lib():
    return load_library()


def client(experience="intermediate", goal="strength", injuries=(), equipment=GYM, spw=3):
    return ClientState.from_dict({
        "id": "client-1", "experience": experience, "goals": [{"goal": goal, "priority": 1}],
        "active_injuries": list(injuries), "equipment_profiles": {"main gym": list(equipment)},
        "sessions_per_week": spw})


def today(duration=60, focus=None, pain=(), equipment=GYM, readiness=None, notes="", on=TODAY):
    return Today(duration_min=duration, date=on, focus=focus,
                 pain_flags=tuple(PainFlag(*p) if isinstance(p, tuple) else p for p in pain),
                 equipment=tuple(equipment), readiness=readiness, notes=notes)


def session(days_ago, exercises, pain=(), feel=4, session_rpe=7, on=TODAY):
    """exercises: {exercise_id: (sets, reps, load, rpe)}."""
    library = lib()
    logged = {ex: tuple(LoggedSet(reps, load, rpe) for _ in range(n))
              for ex, (n, reps, load, rpe) in exercises.items()}
    planned = tuple(PlannedItem(ex, library.get(ex).pattern, n, reps, load)
                    for ex, (n, reps, load, rpe) in exercises.items())
    return PastSession(on - dt.timedelta(days=days_ago), planned, logged, tuple(pain), feel,
                       session_rpe)


def history(*sessions):
    return History(tuple(sessions))


def methodology(**kw):
    return Methodology(**kw)


def block(kind="hypertrophy", week=1, weeks=5, deload_week=5, reps=(6, 12), effort=(7, 9),
          progression="double_progression"):
    return {"block": {"index": 0, "name": f"{kind} 1", "kind": kind, "weeks": weeks,
                      "focus": kind, "rep_range": list(reps), "effort_range": list(effort),
                      "weekly_sets_target": 14, "progression": progression,
                      "deload_week": deload_week}, "week": week,
            "deload": deload_week == week}
