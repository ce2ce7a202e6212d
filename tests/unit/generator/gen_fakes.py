"""A hand-written fake of the engine port: a tiny library and the same kinds of checks.

Used where the test is about the LLM modes' logic, not the engine's programming.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.generator.outcomes import GenerationRequest, Referred

# id: (name, pattern, equipment, regions it loads, tags)
LIBRARY: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "goblet_squat": ("Goblet squat", "squat", ("kettlebell",), ("quad",), ()),
    "box_squat": ("Box squat", "squat", ("kettlebell", "box"), (), ()),
    "back_squat": ("Back squat", "squat", ("barbell", "rack"), ("knee", "quad"), ()),
    "bench_press": ("Bench press", "horizontal_push", ("barbell", "bench"), ("chest",), ()),
    "push_up": ("Push-up", "horizontal_push", (), ("chest",), ()),
    "one_arm_row": ("One-arm row", "horizontal_pull", ("dumbbell",), ("upper_back",), ()),
    "romanian_deadlift": ("Romanian deadlift", "hinge", ("kettlebell",), ("hamstring",), ()),
    "jump_squat": ("Jump squat", "squat", (), ("knee", "quad"), ("plyometric",)),
    "plank": ("Plank", "anti_extension", (), (), ()),
}


def request(**overrides: Any) -> GenerationRequest:
    base: dict[str, Any] = dict(
        session_id="s-1", client_id="c-1",
        methodology={"effort_scale": "rpe", "voice": "Calm and precise.",
                     "philosophy": "Quality reps first.", "banned_exercises": ["back_squat"],
                     "generator_mode": "llm"},
        client={"experience": "intermediate", "goals": [{"goal": "strength", "priority": 1}]},
        history=(), roadmap_position=None,
        today={"duration_min": 45, "equipment": ["kettlebell", "dumbbell", "box"],
               "pain_flags": [], "focus": "full", "notes": None},
        date=dt.date(2026, 11, 30), seed="s-1",
    )
    base.update(overrides)
    return GenerationRequest(**base)


def item(ex_id: str, block: str, sets: int = 3, reps: int | None = 8,
         load: float | None = None, cues: list[str] | None = None) -> dict[str, Any]:
    name, pattern, equipment, _, _ = LIBRARY[ex_id]
    return {"exercise_id": ex_id, "name": name, "pattern": pattern, "equipment": list(equipment),
            "block": block, "sets": sets, "reps": reps, "duration_s": None, "load_kg": load,
            "percent_1rm": None, "effort": {"scale": "rpe", "value": 7.0}, "rest_s": 90,
            "tempo": None, "cues": cues or [f"{name}: brace"]}


class FakeEngine:
    version = "fake-1"

    def __init__(self, referral: Referred | None = None) -> None:
        self.referral = referral

    def _blocked(self, ex_id: str, request: GenerationRequest) -> str | None:
        if ex_id not in LIBRARY:
            return f"unknown exercise {ex_id}"
        _, _, equipment, regions, tags = LIBRARY[ex_id]
        if ex_id in request.methodology.get("banned_exercises", []):
            return f"{ex_id} is banned"
        if not set(equipment) <= set(request.today.get("equipment") or []):
            return f"{ex_id} needs equipment not available today"
        for flag in request.today.get("pain_flags") or []:
            if flag["severity"] >= 4 and (flag["region"] in regions or "plyometric" in tags):
                return f"{ex_id} loads the painful {flag['region']}"
        return None

    def assemble(self, request: GenerationRequest) -> dict[str, Any] | Referred:
        if self.referral:
            return self.referral
        main = [item("goblet_squat", "A1", load=20.0), item("one_arm_row", "A2", load=22.0),
                item("romanian_deadlift", "B1", load=24.0)]
        return {"warmup": [item("plank", "W1", sets=1, reps=None)], "main": main,
                "finisher": [], "estimated_duration_min": 40,
                "rationale": ["Engine: full-body strength day"],
                "generator": {"mode": "engine", "version": self.version, "model": None}}

    def candidates(self, request: GenerationRequest) -> list[dict[str, Any]]:
        return [{"exercise_id": k, "name": v[0], "pattern": v[1], "equipment": list(v[2]),
                 "cues": [f"{v[0]}: brace"]}
                for k, v in LIBRARY.items() if self._blocked(k, request) is None]

    def check(self, plan: dict[str, Any], request: GenerationRequest) -> list[str]:
        errors = [why for part in ("warmup", "main", "finisher") for i in plan[part]
                  if (why := self._blocked(i["exercise_id"], request))]
        if plan["estimated_duration_min"] > request.today["duration_min"]:
            errors.append("too long for today")
        return errors


def draft_item(ex_id: str, block: str, **kw: Any) -> dict[str, Any]:
    d = {"exercise_id": ex_id, "block": block, "sets": 3, "reps": 8, "duration_s": None,
         "load_kg": None, "effort": 7.5, "rest_s": 90, "tempo": None,
         "cues": ["Slow on the way down", "Exhale through the effort"]}
    d.update(kw)
    return d


def valid_draft(**kw: Any) -> dict[str, Any]:
    d = {"warmup": [draft_item("plank", "W1", sets=1, reps=None, duration_s=30)],
         "main": [draft_item("goblet_squat", "A1", load_kg=20.0),
                  draft_item("one_arm_row", "A2", load_kg=22.0),
                  draft_item("push_up", "B1")],
         "finisher": [], "estimated_duration_min": 42,
         "rationale": ["Squat and row paired to save time"]}
    d.update(kw)
    return d
