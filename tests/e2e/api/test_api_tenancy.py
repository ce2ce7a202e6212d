"""Isolation: a cross-tenant matrix (every id-bearing route, every role -> 404, nothing changed)
and a role matrix (analyst read-only, trainers own clients only, revoked keys 401)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.e2e.api.conftest import Org
from tests.e2e.api.harness import Stack

WITH_WORKERS = False


def id_routes(b: Org) -> list[tuple[str, str, dict | None]]:
    c, s, t, i = b.client_id, b.session_id, b.trainer_id, b.injury_id
    return [
        ("GET", f"/v1/trainers/{t}", None),
        ("PUT", f"/v1/trainers/{t}/methodology", {"effort_scale": "rir"}),
        ("GET", f"/v1/trainers/{t}/dashboard", None),
        ("GET", f"/v1/clients/{c}", None),
        ("GET", f"/v1/clients/{c}?as_of=2030-01-01T00:00:00Z", None),
        ("PATCH", f"/v1/clients/{c}", {"notes": "pwned"}),
        ("POST", f"/v1/clients/{c}/injuries", {"region": "knee", "severity": 2}),
        ("PATCH", f"/v1/clients/{c}/injuries/{i}", {"severity": 9}),
        ("POST", f"/v1/clients/{c}/injuries/{i}/resolve", {}),
        ("PUT", f"/v1/clients/{c}/equipment/gym", {"items": ["band"]}),
        ("POST", f"/v1/clients/{c}/transfer", {"to_trainer_id": b.other_trainer_id}),
        ("POST", f"/v1/clients/{c}/roadmap", {}),
        ("GET", f"/v1/clients/{c}/roadmap", None),
        ("POST", f"/v1/clients/{c}/sessions", {"duration_min": 30}),
        ("GET", f"/v1/clients/{c}/exercise-history", None),
        ("GET", f"/v1/clients/{c}/events", None),
        ("GET", f"/v1/sessions/{s}", None),
        ("POST", f"/v1/sessions/{s}/approve", {}),
        ("POST", f"/v1/sessions/{s}/cancel", {}),
        ("POST", f"/v1/sessions/{s}/log", {"feel": 3, "session_rpe": 5}),
        ("DELETE", f"/v1/api-keys/{b.admin.split('_')[1]}", None),
    ]


def versions(stack: Stack, org: Org) -> tuple[int, str, int]:
    """What org B itself sees of its client and session (from the write model)."""
    now = datetime.now(UTC).isoformat()
    with stack.http(org.admin) as api:
        client = api.get(f"/v1/clients/{org.client_id}", params={"as_of": now}).json()
        session = api.get(f"/v1/sessions/{org.session_id}").json()
        trainer = api.get(f"/v1/trainers/{org.trainer_id}").json()
    return client["version"], session["status"], trainer["version"]


def test_cross_tenant_matrix_is_404_and_changes_nothing(
    stack: Stack, org_a: Org, org_b: Org
) -> None:
    before = versions(stack, org_b)
    failures = []
    for role, key in (("admin", org_a.admin), ("trainer", org_a.trainer),
                      ("analyst", org_a.analyst)):
        with stack.http(key) as api:
            for method, path, body in id_routes(org_b):
                r = api.request(method, path, json=body)
                if r.status_code != 404 or "application/problem+json" not in r.headers.get(
                        "content-type", ""):
                    failures.append((role, method, path, r.status_code))
    assert failures == []
    assert versions(stack, org_b) == before
    with stack.http(org_b.admin) as api:  # B's admin key still works: it was not revoked
        assert api.get(f"/v1/trainers/{org_b.trainer_id}").status_code == 200


def test_cross_tenant_ids_in_bodies_are_not_usable(stack: Stack, org_a: Org, org_b: Org) -> None:
    with stack.http(org_a.admin) as api:
        client = api.post("/v1/clients", json={
            "name": "X", "trainer_id": org_b.trainer_id, "experience": "beginner",
            "sessions_per_week": 2})
        assert client.status_code == 404
        moved = api.post(f"/v1/clients/{org_a.client_id}/transfer",
                         json={"to_trainer_id": org_b.trainer_id})
        assert moved.status_code == 404
        key = api.post("/v1/api-keys", json={"role": "trainer", "trainer_id": org_b.trainer_id})
        assert key.status_code == 404


WRITES = [
    ("PATCH", "/v1/clients/{c}", {"notes": "analyst"}),
    ("POST", "/v1/clients/{c}/injuries", {"region": "knee", "severity": 2}),
    ("PUT", "/v1/clients/{c}/equipment/gym", {"items": ["band"]}),
    ("POST", "/v1/clients/{c}/sessions", {"duration_min": 30}),
    ("POST", "/v1/clients/{c}/roadmap", {}),
    ("POST", "/v1/sessions/{s}/cancel", {}),
    ("PUT", "/v1/trainers/{t}/methodology", {}),
]


def test_analyst_reads_but_cannot_write(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.analyst) as api:
        assert api.get(f"/v1/trainers/{org_a.trainer_id}").status_code == 200
        assert api.get(f"/v1/sessions/{org_a.session_id}").status_code == 200
        for method, path, body in WRITES:
            url = path.format(c=org_a.client_id, s=org_a.session_id, t=org_a.trainer_id)
            assert api.request(method, url, json=body).status_code == 403, url
        assert api.post("/v1/trainers", json={"name": "n", "email": "n@x.io"}).status_code == 403
        assert api.post("/v1/api-keys", json={"role": "admin"}).status_code == 403
        assert api.get("/v1/audit/access-log").status_code == 403


def test_trainer_cannot_touch_another_trainers_client(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.other_trainer) as api:
        for method, path, body in [("GET", "/v1/clients/{c}", None),
                                   ("GET", "/v1/sessions/{s}", None),
                                   ("GET", "/v1/trainers/{t}", None), *WRITES]:
            url = path.format(c=org_a.client_id, s=org_a.session_id, t=org_a.trainer_id)
            assert api.request(method, url, json=body).status_code == 404, url
        mine = api.post("/v1/clients", json={
            "name": "Own", "trainer_id": org_a.other_trainer_id, "experience": "beginner",
            "sessions_per_week": 1})
        assert mine.status_code == 201
        assert api.post("/v1/api-keys", json={"role": "admin"}).status_code == 403


@pytest.mark.parametrize("via", ["http", "cli"])
def test_revoked_key_gets_401(stack: Stack, org_a: Org, via: str) -> None:
    with stack.http(org_a.admin) as admin:
        issued = admin.post("/v1/api-keys", json={"role": "analyst", "label": via}).json()
    with stack.http(issued["api_key"]) as api:
        assert api.get(f"/v1/trainers/{org_a.trainer_id}").status_code == 200
        if via == "http":
            with stack.http(org_a.admin) as admin:
                assert admin.delete(f"/v1/api-keys/{issued['key_id']}").status_code == 200
        else:
            done = stack.spotter("admin", "revoke-key", issued["key_id"])
            assert done.returncode == 0, done.stderr
            import time
            time.sleep(2.1)  # another process revoked it: the positive cache lives <= 2 s
        r = api.get(f"/v1/trainers/{org_a.trainer_id}")
        assert r.status_code == 401
