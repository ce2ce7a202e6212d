"""Kafka unreachable: commands are still accepted (the relay catches up later); /readyz says so."""

from __future__ import annotations

import time

from tests.e2e.api.conftest import Org
from tests.e2e.api.harness import Stack

WITH_WORKERS = False
API_ENV = {"SPOTTER_KAFKA_BOOTSTRAP": "127.0.0.1:1"}


def test_commands_work_and_readiness_reports_kafka(stack: Stack, org_a: Org) -> None:
    with stack.http(org_a.admin) as api:
        r = api.post(f"/v1/clients/{org_a.client_id}/injuries",
                     json={"region": "ankle", "severity": 2})
        assert r.status_code == 201, r.text
        session = api.post(f"/v1/clients/{org_a.client_id}/sessions", json={"duration_min": 30})
        assert session.status_code == 202
        deadline = time.monotonic() + 10
        while (ready := api.get("/readyz")).json()["checks"]["kafka"]["detail"] == \
                "not checked yet":
            assert time.monotonic() < deadline
            time.sleep(0.2)
    assert ready.status_code == 503 and ready.headers["Retry-After"]
    body = ready.json()
    assert body["checks"]["kafka"]["ok"] is False and body["checks"]["postgres"]["ok"] is True
