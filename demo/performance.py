"""How a simulated client performs a prescribed session: pure functions of the plan, the persona,
what the client lifted before and a seeded RNG (no I/O, no clock)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

# Working load on a pattern relative to the persona's barbell lower-body load.
PATTERN_FACTOR = {"squat": 1.0, "hinge": 1.15, "lunge": 0.45, "horizontal_push": 0.7,
                  "vertical_push": 0.45, "horizontal_pull": 0.65, "vertical_pull": 0.6,
                  "carry": 0.5}
# Per-hand implements and stacks carry less than a bar.
EQUIPMENT_FACTOR = {"dumbbell": 0.35, "kettlebell": 0.35, "cable": 0.55, "machine": 0.7,
                    "band": 0.0, "trap_bar": 1.1, "leg_press": 1.8}


@dataclass
class Lifter:
    """What one client has lifted so far, per exercise (the demo's memory, not the API's)."""

    loads: dict[str, float] = field(default_factory=dict)


def _round(load: float, equipment: list[str]) -> float:
    step = 2.5 if {"barbell", "trap_bar", "machine", "cable"} & set(equipment) else 2.0
    return max(step, round(load / step) * step)


def starting_load(item: dict[str, Any], strength_kg: float) -> float | None:
    equipment = list(item.get("equipment") or [])
    if not equipment or item.get("reps") is None:
        return None  # bodyweight or timed work
    factor = PATTERN_FACTOR.get(str(item.get("pattern")), 0.3)
    factor *= min((EQUIPMENT_FACTOR.get(e, 1.0) for e in equipment), default=1.0)
    if factor <= 0:
        return None
    heavier = 1 + (8 - int(item["reps"])) * 0.03  # fewer reps, more load
    return _round(strength_kg * factor * heavier, equipment)


def today_request(persona: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The trainer's parameters for today: duration, equipment profile, readiness, new pain."""
    profiles = list(persona["equipment_profiles"])
    profile = profiles[0] if len(profiles) == 1 or rng.random() < 0.75 else rng.choice(profiles[1:])
    today: dict[str, Any] = {"duration_min": persona.get("duration_min", 60),
                             "equipment_profile": profile,
                             "readiness": rng.choice([2, 3, 3, 4, 4, 4, 5])}
    prone = persona.get("pain_prone")
    if prone and rng.random() < prone["chance"] / 2:
        today["pain_flags"] = [{"region": prone["region"], "side": prone.get("side"),
                                "severity": rng.choice([2, 3]), "note": "a bit achy this morning"}]
    return today


def _effort_target(item: dict[str, Any]) -> float:
    effort = item.get("effort") or {}
    value = float(effort.get("value") or 7.5)
    if effort.get("scale") == "rir":
        return 10 - value
    if effort.get("scale") == "percent_1rm":
        return 8.0
    return value


def perform_item(item: dict[str, Any], persona: dict[str, Any], lifter: Lifter, form: float,
                 rng: random.Random, scale: str, hurt: bool) -> list[dict[str, Any]]:
    """The sets as they went: reps near the prescription, load as prescribed, effort near target."""
    target = _effort_target(item)
    if item.get("reps") is None:
        seconds = int(item.get("duration_s") or 30)
        return [{"duration_s": seconds, "rpe": round(min(10, target + rng.uniform(-1, 1)) * 2) / 2,
                 "completed": True} for _ in range(int(item.get("sets") or 1))]
    ex_id = item["exercise_id"]
    load = item.get("load_kg") or lifter.loads.get(ex_id) or starting_load(
        item, float(persona["strength_kg"]))
    if load is not None:
        lifter.loads[ex_id] = float(load)
    sets = []
    for n in range(int(item.get("sets") or 1)):
        fade = 1 if n >= 2 and rng.random() < 0.3 else 0
        reps = int(item["reps"]) + round(form * 1.2) - fade - (2 if hurt else 0)
        reps = max(1, min(int(item["reps"]) + 3, reps))
        rpe = round(min(10.0, max(5.0, target - form * 0.8 + n * 0.3 + rng.uniform(-0.4, 0.4)))
                    * 2) / 2
        logged: dict[str, Any] = {"reps": reps, "load_kg": load, "completed": not (hurt and n > 1)}
        logged["rir" if scale == "rir" else "rpe"] = round(10 - rpe, 1) if scale == "rir" else rpe
        sets.append(logged)
    return sets


def session_log(view: dict[str, Any], persona: dict[str, Any], lifter: Lifter,
                rng: random.Random, scale: str, performed_on: dt.date, readiness: int,
                benchmarks_week: int | None) -> dict[str, Any]:
    """The log of one approved session (POST /v1/sessions/{id}/log body)."""
    plan = view["plan"]
    form = rng.gauss(0.0, 0.8) + (readiness - 3) * 0.35  # how today went, above zero is good
    prone = persona.get("pain_prone")
    exercises, flags = [], []
    for item in plan["main"] + plan.get("finisher", []):
        hurt = bool(prone and item.get("pattern") in prone["patterns"]
                    and rng.random() < prone["chance"])
        if hurt:
            flags.append({"region": prone["region"], "side": prone.get("side"),
                          "severity": rng.choice([3, 4, 5, 6]), "exercise_id": item["exercise_id"],
                          "note": f"felt it during {item['name'].lower()}"})
        exercises.append({"exercise_id": item["exercise_id"],
                          "sets": perform_item(item, persona, lifter, form, rng, scale, hurt)})
    feel = max(1, min(5, 3 + round(form) - (1 if flags else 0)))
    body: dict[str, Any] = {
        "exercises": exercises, "pain_flags": flags, "feel": feel,
        "session_rpe": max(1, min(10, round(7 - form))),
        "performed_on": performed_on.isoformat(),
        "notes": "Moved well today." if form > 0.5 else "Tough one, kept it honest.",
    }
    if benchmarks_week is not None:
        body["benchmarks"] = [
            {"name": b["name"], "unit": b["unit"],
             "value": round(b["start"] + b["weekly_change"] * benchmarks_week
                            + rng.uniform(-0.5, 0.5) * abs(b["weekly_change"]), 1)}
            for b in persona.get("benchmarks", [])]
    return body
