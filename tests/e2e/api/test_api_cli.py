"""The operator CLI (`spotter admin ...`) against a real database; keys work over HTTP."""

from __future__ import annotations

import json
import uuid

from tests.e2e.api.harness import Stack

WITH_WORKERS = False


def test_create_org_prints_a_working_admin_key_once(stack: Stack) -> None:
    created = stack.create_org("Cli Gym", unit="lb")
    assert set(created) >= {"organization_id", "api_key"}
    assert created["api_key"].startswith("spk_")
    with stack.http(created["api_key"]) as api:
        r = api.post("/v1/trainers", json={"name": "Kim", "email": "k@x.io"})
    assert r.status_code == 201
    listed = stack.spotter("admin", "list-orgs", "--json")
    assert listed.returncode == 0, listed.stderr
    orgs = {o["organization_id"]: o for o in json.loads(listed.stdout)}
    assert orgs[created["organization_id"]]["name"] == "Cli Gym"
    assert orgs[created["organization_id"]]["unit"] == "lb"


def test_issue_and_revoke_key(stack: Stack) -> None:
    org = stack.create_org("Keys Gym")
    issued = stack.spotter("admin", "issue-key", "--org", org["organization_id"], "--role",
                           "analyst", "--json")
    assert issued.returncode == 0, issued.stderr
    key = json.loads(issued.stdout)
    with stack.http(key["api_key"]) as api:
        assert api.get("/v1/clients").status_code in (200, 504)  # authenticated either way
        assert api.post("/v1/trainers", json={"name": "a", "email": "a@x.io"}).status_code == 403
    revoked = stack.spotter("admin", "revoke-key", key["key_id"])
    assert revoked.returncode == 0, revoked.stderr


def test_bad_input_is_one_line_and_exit_2(stack: Stack) -> None:
    cases = [
        ("admin", "create-org", "X", "--unit", "stone"),
        ("admin", "issue-key", "--org", "not-a-uuid", "--role", "admin"),
        ("admin", "issue-key", "--org", str(uuid.uuid4()), "--role", "admin"),
        ("admin", "issue-key", "--org", str(uuid.uuid4()), "--role", "trainer"),
        ("admin", "revoke-key", str(uuid.uuid4())),
        ("admin", "create-org", "  "),
        ("admin", "frobnicate"),
    ]
    for args in cases:
        done = stack.spotter(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("spotter: "), (args, done.stderr)
        assert "Traceback" not in done.stderr
