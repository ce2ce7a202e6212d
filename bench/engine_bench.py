"""Engine benchmark: p50/p99 ms to assemble one session with six weeks of history and to build a
roadmap, single process, time.perf_counter. Target: session p99 <= 25 ms.

Run: .venv/bin/python bench/engine_bench.py [iterations]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from typing import Any

from services.generator.engine import (
    ClientState,
    History,
    LoggedSet,
    Methodology,
    PainFlag,
    PastSession,
    PlannedItem,
    Today,
    assemble_session,
    build_roadmap,
)
from services.generator.engine.library import load_library

TODAY = dt.date(2026, 11, 30)
GYM = ("barbell", "rack", "bench", "plates", "dumbbell", "kettlebell", "cable", "machine",
       "leg_press", "pullup_bar", "band", "box", "mat", "rower", "bike", "trap_bar")
ROTATION = (
    ("back_squat", "romanian_deadlift", "barbell_bench_press", "barbell_bent_over_row",
     "lat_pulldown", "front_plank"),
    ("trap_bar_deadlift", "front_squat", "standing_dumbbell_shoulder_press", "pull_up",
     "seated_cable_row", "farmer_carry"),
)


def six_weeks(library: Any) -> History:
    """Three sessions a week for six weeks, loads creeping up, one pain flag along the way."""
    sessions = []
    for n in range(18):
        day = TODAY - dt.timedelta(days=42 - n * 7 // 3)  # three a week
        ids = [i for i in ROTATION[n % 2] if i in library]
        logged = {i: tuple(LoggedSet(8, 40.0 + 2.5 * (n // 2), 8.0) for _ in range(4)) for i in ids}
        planned = tuple(PlannedItem(i, library.get(i).pattern, 4, 8, 40.0) for i in ids)
        pain = (PainFlag("knee", "left", 3, "achy", ids[0]),) if n == 10 else ()
        sessions.append(PastSession(day, planned, logged, pain, 4, 7))
    return History(tuple(sessions))


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(iterations: int = 500) -> dict[str, float]:
    library = load_library()  # cached: loaded and validated once per process
    methodology = Methodology(voice="direct and encouraging")
    client = ClientState.from_dict({
        "id": "bench", "experience": "intermediate",
        "goals": [{"goal": "strength", "priority": 1}, {"goal": "hypertrophy", "priority": 2}],
        "active_injuries": [{"region": "shoulder", "side": "right", "severity": 3,
                             "status": "active", "description": "impingement"}],
        "equipment_profiles": {"main gym": list(GYM)}})
    history = six_weeks(library)
    today = Today(duration_min=60, date=TODAY, equipment=GYM, readiness=3,
                  pain_flags=(PainFlag("knee", "left", 4, "stiff"),))
    roadmap = build_roadmap(client, methodology, TODAY)
    position = {"block": roadmap.blocks[1], "week": 2}
    assemble_session(methodology, client, history, position, today, "warm-up", library)
    session_ms, roadmap_ms = [], []
    for i in range(iterations):
        t0 = time.perf_counter()
        assemble_session(methodology, client, history, position, today, f"s-{i}", library)
        t1 = time.perf_counter()
        build_roadmap(client, methodology, TODAY)
        t2 = time.perf_counter()
        session_ms.append((t1 - t0) * 1000)
        roadmap_ms.append((t2 - t1) * 1000)
    return {
        "iterations": iterations,
        "session_p50_ms": round(statistics.median(session_ms), 3),
        "session_p99_ms": round(_pct(session_ms, 0.99), 3),
        "roadmap_p50_ms": round(statistics.median(roadmap_ms), 3),
        "roadmap_p99_ms": round(_pct(roadmap_ms, 0.99), 3),
    }


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
    for key, value in result.items():
        print(f"{key}: {value}")
    print("session p99 target 25 ms:", "met" if result["session_p99_ms"] <= 25 else "MISSED")
