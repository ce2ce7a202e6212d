"""Workflow fixtures: one stack and one organization (two trainers) for the whole session.

Names are prefixed `workflow_` so they never shadow the fixtures of tests/e2e/api.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from demo.api import SpotterApi
from infra.processes import StackError
from infra.settings import LocalStackSettings
from tests.e2e.workflow_support import RunningStack, workflow_stack

RPE_DOUBLE = {
    "training_styles": ["strength", "hypertrophy"], "progression_method": "double_progression",
    "effort_scale": "rpe", "deload": {"every_weeks": 4, "volume_reduction_pct": 40},
    "philosophy": "Earn the load: own the top of the rep range before adding weight.",
    "voice": "calm, precise, short sentences", "generator_mode": "engine",
    "session_structure": {"warmup_min": 8, "finisher_min": 6},
}
RIR_WAVES = {
    **RPE_DOUBLE, "progression_method": "percentage_waves", "effort_scale": "rir",
    "training_styles": ["strength", "power"], "voice": "energetic, direct",
    "philosophy": "Waves of intensity from a training max; leave reps in the tank.",
}


@dataclass
class WorkflowOrg:
    stack: RunningStack
    admin: SpotterApi
    trainer1_id: str
    trainer1: SpotterApi
    trainer2_id: str
    trainer2: SpotterApi


@pytest.fixture(scope="session")
def workflow_running_stack() -> Iterator[RunningStack]:
    cm = workflow_stack()
    try:
        stack = cm.__enter__()
    except (RuntimeError, StackError) as exc:
        # As in tests/conftest.py: skip on a bare run, fail under `make test`.
        message = f"the stack could not start: {exc}"
        if LocalStackSettings().require_infra:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        yield stack
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def workflow_org(workflow_running_stack: RunningStack) -> Iterator[WorkflowOrg]:
    created = workflow_running_stack.create_org("Workflow Test Gym")
    admin = SpotterApi(workflow_running_stack.base_url, created["api_key"])
    t1 = admin.create_trainer("Rita Park", "rita@example.org", RPE_DOUBLE)
    t2 = admin.create_trainer("Omar Diaz", "omar@example.org", RIR_WAVES)
    org = WorkflowOrg(workflow_running_stack, admin, t1["id"], admin.as_key(t1["api_key"]),
                      t2["id"], admin.as_key(t2["api_key"]))
    yield org
    for api in (admin, org.trainer1, org.trainer2):
        api.close()
