"""A replay in another process (another hash seed) must reproduce the plan byte for byte."""

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
sys.path.insert(0, {here!r})
from engine_factories import client, history, lib, session, today
from services.generator.engine import Methodology, PainFlag, assemble_session
h = history(session(9, {{"back_squat": (3, 8, 100, 8), "barbell_bench_press": (3, 8, 70, 9)}}),
            session(4, {{"romanian_deadlift": (3, 10, 80, 7)}},
                        pain=(PainFlag("knee", "left", 3, "", "romanian_deadlift"),)))
c = client(injuries=[{{"region": "shoulder", "side": "left", "severity": 4, "status": "active",
                       "description": "impingement"}}])
t = today(duration=50, pain=[("knee", "left", 5, "achy")])
plan = assemble_session(Methodology(voice="direct, encouraging"), c, h, None, t, "session-42", lib())
print(json.dumps(plan.to_dict(), sort_keys=True))
"""


def _run(hash_seed: str) -> str:
    here = str(Path(__file__).parent)
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(here=here)], env=env, check=True,
                         capture_output=True, text=True, timeout=120)
    return out.stdout.strip().splitlines()[-1]


def test_plan_is_identical_across_processes_and_hash_seeds():
    a, b = _run("1"), _run("987")
    assert a == b
    assert json.loads(a)["main"]
