"""Helpers of the lifecycle tests: bounded polling and a generator stand-in."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from services.api.adapters.writemodel import WriteModel
from shared.events.envelope import Actor
from shared.writemodel.context import CommandContext
from shared.writemodel.sessions.record_generated import RecordGenerated, record_generated

PLAN: dict[str, Any] = {
    "warmup": [],
    "main": [{
        "exercise_id": "goblet_squat", "name": "Goblet squat", "pattern": "squat",
        "equipment": ["kettlebell"], "block": "A1", "sets": 3, "reps": 10, "duration_s": None,
        "load_kg": 24, "percent_1rm": None, "effort": {"scale": "rpe", "value": 7.5},
        "rest_s": 90, "tempo": "3-1-1-0", "cues": ["Sit between the hips"],
    }],
    "finisher": [],
    "estimated_duration_min": 40,
    "rationale": ["test plan"],
    "generator": {"mode": "engine", "version": "test", "model": None},
}


def eventually(probe: Callable[[], Any], timeout_s: float = 20.0) -> Any:
    """The first truthy result of ``probe`` within the bound (fails the test otherwise)."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = probe()
        if result:
            return result
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.2)


def record_plan(database_url: str, organization_id: str, session_id: str) -> None:
    """Record a generator result through the real write model, as the generator worker does."""
    wm = WriteModel.open(database_url, create_table=False, pool_size=1)
    try:
        ctx = CommandContext(
            organization_id=UUID(organization_id), actor=Actor(kind="service", id="test-gen"),
            correlation_id="e2e", now=datetime.now(UTC),
        )
        record_generated(wm.app, RecordGenerated(
            session_id=UUID(session_id), plan=PLAN,
            generator={"mode": "engine", "version": "test", "model": None, "llm_calls": []},
        ), ctx)
    finally:
        wm.close()
