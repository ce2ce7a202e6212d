"""The demo's personas are valid, and one simulated week of the demo runs against the stack."""

from __future__ import annotations

import subprocess
import sys

from demo.personas import load_personas
from demo.settings import PERSONAS_DIR
from tests.e2e.conftest import WorkflowOrg
from tests.e2e.workflow_support import REPO


def test_personas_are_two_trainers_with_different_methods_and_fifteen_clients() -> None:
    personas = load_personas(PERSONAS_DIR)
    methods = {(t["methodology"]["effort_scale"], t["methodology"]["progression_method"])
               for t in personas.trainers}
    assert methods == {("rpe", "double_progression"), ("rir", "percentage_waves")}
    assert len(personas.clients) == 15
    assert len({c["experience"] for c in personas.clients}) == 3
    assert len({c["goals"][0]["goal"] for c in personas.clients}) >= 6
    assert sum(bool(c.get("injuries")) for c in personas.clients) >= 4
    assert len({tuple(sorted(c["equipment_profiles"])) for c in personas.clients}) >= 3


def test_one_week_of_the_demo_runs_through_the_api(workflow_org: WorkflowOrg) -> None:
    stack = workflow_org.stack
    env = {**stack.cli_env, "SPOTTER_DEMO_API_URL": stack.base_url}
    done = subprocess.run([sys.executable, "-m", "demo", "--weeks", "1"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    print(done.stdout[-3000:])
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    assert "sessions logged" in done.stdout
    assert f"{stack.base_url}/docs" in done.stdout
    assert "/dashboard" in done.stdout and "admin key" in done.stdout
    assert "[" in done.stderr and "/" in done.stderr  # the progress bar
