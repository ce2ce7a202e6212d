"""Fixtures: one running stack per test module, two organizations with keys of every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e.api.harness import Stack
from tests.e2e.api.stack import running_stack


@dataclass
class Org:
    id: str
    admin: str
    trainer_id: str
    trainer: str
    analyst: str
    other_trainer_id: str
    other_trainer: str
    client_id: str
    session_id: str
    injury_id: str


def make_org(stack: Stack, name: str) -> Org:
    created = stack.create_org(name)
    admin = created["api_key"]
    with stack.http(admin) as api:
        t1 = _ok(api.post("/v1/trainers", json={"name": f"{name} T1", "email": "t1@x.io"}))
        t2 = _ok(api.post("/v1/trainers", json={"name": f"{name} T2", "email": "t2@x.io"}))
        analyst = _ok(api.post("/v1/api-keys", json={"role": "analyst"}))["api_key"]
        client = _ok(api.post("/v1/clients", json={
            "name": f"{name} client", "trainer_id": t1["id"], "experience": "intermediate",
            "sessions_per_week": 3, "goals": [{"goal": "strength", "priority": 1}]}))
        injury = _ok(api.post(f"/v1/clients/{client['id']}/injuries",
                              json={"region": "knee", "side": "left", "severity": 3}))
        _ok(api.put(f"/v1/clients/{client['id']}/equipment/gym",
                    json={"items": ["barbell", "rack", "bench", "dumbbell"]}))
        session = _ok(api.post(f"/v1/clients/{client['id']}/sessions",
                               json={"duration_min": 45, "equipment_profile": "gym"}))
    return Org(created["organization_id"], admin, t1["id"], t1["api_key"], analyst, t2["id"],
               t2["api_key"], client["id"], session["session_id"], injury["injury_id"])


def _ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, (response.status_code, response.text)
    return response.json()


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    extra = getattr(request.module, "API_ENV", {})
    workers = getattr(request.module, "WITH_WORKERS", True)
    tag = request.module.__name__.rsplit(".", 1)[-1].replace("test_", "")[:20]
    with running_stack(tag, workers=workers, **extra) as s:
        yield s


@pytest.fixture(scope="module")
def org_a(stack: Stack) -> Org:
    return make_org(stack, "Alpha Gym")


@pytest.fixture(scope="module")
def org_b(stack: Stack) -> Org:
    return make_org(stack, "Beta Gym")
