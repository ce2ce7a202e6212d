"""Every error class over HTTP: 401, 403, 404, 409, 413, 415/422, 429, 503, idempotency."""

from __future__ import annotations

import time
import uuid

import psycopg

from shared.platform.settings import InfraSettings
from tests.e2e.api.conftest import Org
from tests.e2e.api.harness import Stack

WITH_WORKERS = False
API_ENV = {"SPOTTER_API_SESSION_BURST": "3", "SPOTTER_API_SESSION_RATE_PER_MINUTE": "1",
           "SPOTTER_API_MAX_BODY_BYTES": "4096"}
PROBLEM = "application/problem+json"


def _is_problem(r, status: int, kind: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["type"] == f"https://spotter.dev/problems/{kind}"
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_missing_and_bad_keys_are_401(stack: Stack, org_a: Org) -> None:
    with stack.http() as api:
        _is_problem(api.get(f"/v1/clients/{org_a.client_id}"), 401, "unauthorized")
    for bad in ("nope", "spk_zz_zz", f"spk_{uuid.uuid4().hex}_secret", org_a.admin + "x"):
        with stack.http(bad) as api:
            _is_problem(api.get("/v1/clients"), 401, "unauthorized")


def test_validation_names_the_fields(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.admin) as api:
        r = api.post(f"/v1/clients/{org_a.client_id}/injuries",
                     json={"region": "elbowz", "severity": 11})
        body = _is_problem(r, 422, "validation")
        fields = {e["field"] for e in body["errors"]}
        assert {"body.region", "body.severity"} <= fields
        unknown = api.post("/v1/clients", json={
            "name": "X", "trainer_id": org_a.trainer_id, "experience": "beginner",
            "sessions_per_week": 3, "favourite_colour": "red"})
        assert "body.favourite_colour" in {e["field"] for e in _is_problem(
            unknown, 422, "validation")["errors"]}
        _is_problem(api.get("/v1/clients/not-a-uuid"), 422, "validation")
        _is_problem(api.post("/v1/trainers", content=b"{not json",
                             headers={"content-type": "application/json"}), 422, "validation")


def test_unknown_equipment_profile_names_the_field(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.admin) as api:
        r = api.post(f"/v1/clients/{org_a.client_id}/sessions",
                     json={"duration_min": 30, "equipment_profile": "moon base"})
    body = _is_problem(r, 422, "validation")
    assert body["errors"][0]["field"] == "body.equipment_profile"


def test_body_over_the_limit_is_413(stack: Stack, org_a: Org) -> None:
    def chunks():  # no Content-Length: the limit is enforced while reading
        yield b'{"notes": "' + b"x" * 3000
        yield b"y" * 3000 + b'"}'

    with stack.http(org_a.admin) as api:
        declared = api.patch(f"/v1/clients/{org_a.client_id}", json={"notes": "x" * 10_000})
        streamed = api.patch(f"/v1/clients/{org_a.client_id}", content=chunks(),
                             headers={"content-type": "application/json"})
    _is_problem(declared, 413, "payload-too-large")
    _is_problem(streamed, 413, "payload-too-large")


def test_unknown_ids_are_404(stack: Stack, org_a: Org) -> None:
    missing = uuid.uuid4()
    with stack.http(org_a.admin) as api:
        for path in (f"/v1/clients/{missing}", f"/v1/sessions/{missing}",
                     f"/v1/trainers/{missing}", f"/v1/clients/{missing}/roadmap"):
            _is_problem(api.get(path), 404, "not-found")
        _is_problem(api.post(f"/v1/clients/{org_a.client_id}/injuries/{missing}/resolve"),
                    404, "not-found")
        _is_problem(api.delete(f"/v1/api-keys/{missing}"), 404, "not-found")


def test_stale_expected_version_is_409_with_current_version(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.admin) as api:
        current = api.patch(f"/v1/clients/{org_a.client_id}", json={"notes": "v"}).json()
        r = api.patch(f"/v1/clients/{org_a.client_id}?expected_version=1", json={"notes": "w"})
        body = _is_problem(r, 409, "conflict")
        assert body["current_version"] == current["version"]
        ok = api.patch(f"/v1/clients/{org_a.client_id}?expected_version={current['version']}",
                       json={"notes": "w"})
        assert ok.status_code == 200 and ok.json()["version"] == current["version"] + 1


def test_invalid_state_is_409(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.admin) as api:
        r = api.post(f"/v1/sessions/{org_a.session_id}/log", json={"feel": 3, "session_rpe": 6})
        _is_problem(r, 409, "invalid-state")


def test_idempotency_key_replays_and_refuses_a_different_body(stack: Stack, org_a: Org) -> None:
    key = {"Idempotency-Key": f"k-{uuid.uuid4()}"}
    body = {"region": "shoulder", "severity": 2}
    url = f"/v1/clients/{org_a.client_id}/injuries"
    with stack.http(org_a.admin) as api:
        first = api.post(url, json=body, headers=key)
        again = api.post(url, json=body, headers=key)
        assert first.status_code == again.status_code == 201
        assert first.json() == again.json()
        version = api.patch(f"/v1/clients/{org_a.client_id}", json={"notes": "n"}).json()
        # the retry wrote nothing: one injury event, then the patch right after it
        assert version["version"] == first.json()["version"] + 1
        other = api.post(url, json={**body, "severity": 5}, headers=key)
        _is_problem(other, 409, "idempotency-mismatch")


def test_idempotent_trainer_registration_never_shows_the_secret_again(
    stack: Stack, org_a: Org
) -> None:
    key = {"Idempotency-Key": f"t-{uuid.uuid4()}"}
    body = {"name": "Once", "email": "once@x.io"}
    with stack.http(org_a.admin) as api:
        first = api.post("/v1/trainers", json=body, headers=key)
        again = api.post("/v1/trainers", json=body, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["api_key"].startswith("spk_") and again.json()["api_key"] is None
    with stack.http(first.json()["api_key"]) as api:
        assert api.get(f"/v1/trainers/{first.json()['id']}").status_code == 200


def test_session_generation_is_rate_limited_per_key(stack: Stack, org_a: Org) -> None:
    url = f"/v1/clients/{org_a.client_id}/sessions"
    with stack.http(org_a.trainer) as api:
        codes = [api.post(url, json={"duration_min": 30}).status_code for _ in range(5)]
        assert 202 in codes and codes[-1] == 429
        r = api.post(url, json={"duration_min": 30})
        _is_problem(r, 429, "rate-limited")
        assert int(r.headers["Retry-After"]) >= 1
    with stack.http(org_a.admin) as api:  # another key has its own bucket
        assert api.post(url, json={"duration_min": 30}).status_code == 202


def test_postgres_unavailable_is_503_then_recovers(stack: Stack, org_a: Org) -> None:
    dbname = stack.database_url.rsplit("/", 1)[-1]
    admin = InfraSettings().admin_database_url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS false')
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     " WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,))
    try:
        with stack.http(org_a.admin) as api:
            deadline = time.monotonic() + 10
            while api.get("/readyz").json()["checks"]["postgres"]["ok"]:
                assert time.monotonic() < deadline, "readyz never noticed the outage"
                time.sleep(0.2)
            time.sleep(1.5)  # one more probe round closes the gate
            started = time.monotonic()
            r = api.post(f"/v1/clients/{org_a.client_id}/injuries",
                         json={"region": "wrist", "severity": 1})
            assert time.monotonic() - started < 3, "an outage must not make callers hang"
            _is_problem(r, 503, "unavailable")
            assert r.headers["Retry-After"]
            assert "Traceback" not in r.text
            ready = api.get("/readyz")
            assert ready.status_code == 503 and ready.json()["checks"]["postgres"]["ok"] is False
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS true')
    with stack.http(org_a.admin) as api:  # recovery without a restart
        deadline = time.monotonic() + 15
        while (r := api.post(f"/v1/clients/{org_a.client_id}/injuries",
                             json={"region": "wrist", "severity": 1})).status_code == 503:
            assert time.monotonic() < deadline, r.text
            time.sleep(0.5)
        assert r.status_code == 201, r.text
