"""One valid example payload per event type (current version): AsyncAPI message examples and
test fixtures. Fixed ids so generated documents are stable."""

from __future__ import annotations

from typing import Any

ORG = "0b6f1e2a-0000-4000-8000-000000000001"
KEY = "0b6f1e2a-0000-4000-8000-000000000002"
TRAINER = "0b6f1e2a-0000-4000-8000-000000000003"
TRAINER_2 = "0b6f1e2a-0000-4000-8000-000000000004"
CLIENT = "0b6f1e2a-0000-4000-8000-000000000005"
INJURY = "0b6f1e2a-0000-4000-8000-000000000006"
ROADMAP = "0b6f1e2a-0000-4000-8000-000000000007"
SESSION = "0b6f1e2a-0000-4000-8000-000000000008"

METHODOLOGY: dict[str, Any] = {
    "training_styles": ["strength", "hybrid"],
    "progression_method": "double_progression",
    "effort_scale": "rpe",
    "deload": {"every_weeks": 5, "volume_reduction_pct": 40},
    "philosophy": "Move well, then move heavy.",
    "voice": "Short, calm cues.",
    "preferred_exercises": ["trap_bar_deadlift"],
    "banned_exercises": ["behind_neck_press"],
    "session_structure": {"warmup_min": 8, "finisher_min": 6},
    "generator_mode": "engine",
}
ITEM: dict[str, Any] = {
    "exercise_id": "goblet_squat", "name": "Goblet squat", "pattern": "squat",
    "equipment": ["kettlebell"], "block": "A1", "sets": 3, "reps": 10, "duration_s": None,
    "load_kg": 24, "percent_1rm": None, "effort": {"scale": "rpe", "value": 7.5},
    "rest_s": 90, "tempo": "3-1-1-0", "cues": ["Elbows inside knees", "Chest tall"],
}
PLAN: dict[str, Any] = {
    "warmup": [], "main": [ITEM], "finisher": [], "estimated_duration_min": 45,
    "rationale": ["Goblet squat instead of back squat: knee pain 5/10 today"],
    "generator": {"mode": "engine", "version": "engine-1.0", "model": None},
}
PAIN_FLAG: dict[str, Any] = {
    "region": "knee", "side": "left", "severity": 5, "note": "sharp on descent",
    "exercise_id": None,
}
BLOCK: dict[str, Any] = {
    "index": 0, "name": "Foundation", "kind": "foundation", "weeks": 4, "focus": "full",
    "rep_range": [8, 12], "effort_range": [6, 7.5], "weekly_sets_target": 10,
    "progression": "double_progression", "deload_week": 4,
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "organization.created": {"name": "North Gym", "unit": "kg"},
    "api_key.issued": {"key_id": KEY, "role": "admin", "trainer_id": None, "label": "first"},
    "api_key.revoked": {"key_id": KEY, "reason": "rotated"},
    "trainer.registered": {
        "trainer_id": TRAINER, "name": "Ana Trainer", "email": "ana@example.com",
        "methodology": METHODOLOGY, "methodology_version": 1,
    },
    "trainer.methodology_updated": {
        "methodology": {**METHODOLOGY, "effort_scale": "rir"}, "methodology_version": 2,
        "reason": "switching clients to RIR",
    },
    "client.registered": {
        "client_id": CLIENT, "name": "Bo Client", "trainer_id": TRAINER,
        "goals": [{"goal": "strength", "priority": 1}], "experience": "intermediate",
        "sessions_per_week": 3, "birth_year": 1988, "notes": None,
    },
    "client.profile_updated": {"changes": {"sessions_per_week": 4, "notes": "new job"}},
    "client.injury_reported": {
        "injury_id": INJURY, "region": "knee", "side": "left", "severity": 5,
        "status": "active", "description": "patellar pain on stairs", "onset": "gradual",
    },
    "client.injury_updated": {
        "injury_id": INJURY, "severity": 3, "status": "managed", "description": None,
    },
    "client.injury_resolved": {"injury_id": INJURY, "note": "pain free for 3 weeks"},
    "client.equipment_profile_set": {
        "profile_name": "main gym", "items": ["barbell", "dumbbell", "kettlebell", "rack"],
    },
    "client.transferred": {
        "from_trainer_id": TRAINER, "to_trainer_id": TRAINER_2, "reason": "schedule",
    },
    "roadmap.generated": {
        "roadmap_id": ROADMAP, "blocks": [BLOCK], "starts_on": "2026-12-01",
        "reason": "new client", "engine_version": "engine-1.0",
    },
    "roadmap.adjusted": {
        "roadmap_id": ROADMAP, "blocks": [{**BLOCK, "weeks": 5, "deload_week": 5}],
        "from_block_index": 0, "reason": "missed a week",
    },
    "roadmap.block_advanced": {
        "roadmap_id": ROADMAP, "block_index": 0, "week": 2, "reason": "week completed",
    },
    "session.requested": {
        "session_id": SESSION, "trainer_id": TRAINER, "duration_min": 60,
        "pain_flags": [PAIN_FLAG], "equipment_profile": "main gym",
        "equipment": ["barbell", "dumbbell", "kettlebell", "rack"], "focus": "lower",
        "readiness": 4, "notes": None, "client_version": 3, "methodology_version": 1,
    },
    "session.generated": {
        "session_id": SESSION, "plan": PLAN,
        "generator": {
            "mode": "hybrid", "version": "engine-1.0", "model": "openai/small",
            "llm_calls": [{
                "model": "openai/small", "prompt_tokens": 900, "completion_tokens": 300,
                "latency_ms": 850, "outcome": "ok",
            }],
        },
        "history_complete": True,
    },
    "session.generation_failed": {
        "session_id": SESSION, "reason": "No exercise fits today's equipment and pain flags.",
        "retryable": False,
    },
    "session.referred": {
        "session_id": SESSION, "reason": "chest pain reported",
        "referral": "See a physician before training.",
    },
    "session.edited": {"session_id": SESSION, "plan": PLAN, "note": "lighter load"},
    "session.approved": {"session_id": SESSION, "note": None},
    "session.logged": {
        "session_id": SESSION,
        "exercises": [{"exercise_id": "goblet_squat", "sets": [
            {"reps": 10, "load_kg": 24, "rpe": 7, "rir": None, "duration_s": None,
             "completed": True},
        ]}],
        "pain_flags": [], "feel": 4, "session_rpe": 7,
        "benchmarks": [{"name": "trap_bar_deadlift_3rm", "value": 140, "unit": "kg"}],
        "notes": "felt strong", "performed_on": "2026-12-02",
    },
    "session.cancelled": {"session_id": SESSION, "reason": "client sick"},
}
