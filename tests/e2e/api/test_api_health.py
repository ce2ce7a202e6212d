"""Operations endpoints of the running API: liveness, readiness, metrics, OpenAPI."""

from __future__ import annotations

import time

from tests.e2e.api.harness import Stack, reachable

WITH_WORKERS = False


def test_healthz_answers(stack: Stack) -> None:
    with stack.http() as api:
        r = api.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_readyz_reports_postgres_and_kafka(stack: Stack) -> None:
    want_kafka = stack.kafka is not None and reachable(stack.kafka)
    with stack.http() as api:
        deadline = time.monotonic() + 10
        while (body := (r := api.get("/readyz")).json())["checks"]["kafka"]["ok"] != want_kafka:
            assert time.monotonic() < deadline, body
            time.sleep(0.3)
    assert body["checks"]["postgres"]["ok"] is True
    assert r.status_code == (200 if want_kafka else 503)
    if not want_kafka:
        assert r.headers["Retry-After"]


def test_metrics_expose_latency_commands_and_errors(stack: Stack) -> None:
    org = stack.create_org("Metrics Gym")
    with stack.http(org["api_key"]) as api:
        assert api.post("/v1/trainers", json={"name": "M", "email": "m@x.io"}).status_code == 201
        assert api.get("/v1/clients/not-a-uuid").status_code == 422
        text = api.get("/metrics").text
    assert 'spotter_api_request_duration_seconds_bucket{' in text
    assert 'spotter_api_commands_total{command="register_trainer"} 1.0' in text
    assert 'spotter_api_errors_total{kind="validation",status="422"}' in text


def test_openapi_lists_the_contract_paths(stack: Stack) -> None:
    with stack.http() as api:
        spec = api.get("/openapi.json").json()
        docs = api.get("/docs")
    assert docs.status_code == 200
    for path in ("/v1/trainers", "/v1/trainers/{trainer_id}/methodology", "/v1/clients",
                 "/v1/clients/{client_id}", "/v1/clients/{client_id}/injuries",
                 "/v1/clients/{client_id}/sessions", "/v1/sessions/{session_id}",
                 "/v1/sessions/{session_id}/log", "/v1/clients/{client_id}/exercise-history",
                 "/v1/clients/{client_id}/events", "/v1/trainers/{trainer_id}/dashboard",
                 "/v1/audit/access-log", "/v1/api-keys", "/v1/api-keys/{key_id}"):
        assert path in spec["paths"], path
