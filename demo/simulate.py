"""Setting up the organization and living four weeks of each client's training through HTTP."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demo.api import ApiError, SpotterApi
from demo.performance import Lifter, session_log, today_request
from demo.personas import Personas
from demo.settings import DemoSettings

SESSION_DAYS = (0, 2, 4, 1, 3, 5)  # Monday, Wednesday, Friday first


@dataclass
class Org:
    organization_id: str
    admin_key: str
    trainers: dict[str, dict[str, Any]]  # key -> {"id", "api_key", "scale"}


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    problems: dict[str, int] = field(default_factory=dict)  # distinct message -> times
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, n: int = 1) -> None:
        with self.lock:
            self.counts[what] += n

    def problem(self, message: str) -> None:
        with self.lock:
            self.problems[message[:400]] = self.problems.get(message[:400], 0) + 1


def create_org(name: str) -> dict[str, str]:
    """`spotter admin create-org NAME --json` (the documented bootstrap; needs the database)."""
    script = Path(sys.executable).with_name("spotter")
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "services.api.cli.main"]
    # The stack is up, so its tables exist: the CLI must not try to create them as the app role.
    env = {**os.environ, "SPOTTER_API_CREATE_TABLES": "false"}
    done = subprocess.run([*argv, "admin", "create-org", name, "--json"],
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"spotter admin create-org failed: {done.stderr.strip()}")
    return dict(json.loads(done.stdout))


def set_up_trainers(admin: SpotterApi, personas: Personas) -> dict[str, dict[str, Any]]:
    out = {}
    for t in personas.trainers:
        created = admin.create_trainer(t["name"], t["email"], t["methodology"])
        out[t["key"]] = {"id": created["id"], "api_key": created["api_key"], "name": t["name"],
                         "scale": t["methodology"]["effort_scale"]}
    return out


def set_up_client(api: SpotterApi, persona: dict[str, Any], trainer_id: str,
                  starts_on: dt.date, tally: Tally) -> tuple[str, dict[int, list[str]]]:
    """Profile, injuries, equipment and roadmap; (client id, injuries to resolve per week)."""
    cid = api.create_client({
        "name": persona["name"], "trainer_id": trainer_id, "goals": persona["goals"],
        "experience": persona["experience"], "sessions_per_week": persona["sessions_per_week"],
        "birth_year": persona.get("birth_year"), "notes": persona.get("notes")})
    resolve: dict[int, list[str]] = {}
    for injury in persona.get("injuries", []):
        body = {k: injury.get(k) for k in ("region", "side", "severity", "status", "description")}
        injury_id = api.report_injury(cid, {k: v for k, v in body.items() if v is not None})
        if injury.get("resolves_after_week"):
            resolve.setdefault(int(injury["resolves_after_week"]), []).append(injury_id)
    for profile, items in persona["equipment_profiles"].items():
        api.set_equipment(cid, profile, items)
    roadmap(api, cid, starts_on, tally)
    return cid, resolve


def roadmap(api: SpotterApi, cid: str, starts_on: dt.date, tally: Tally) -> None:
    """Generate the roadmap; a refusal is reported and the client trains on without one."""
    try:
        api.generate_roadmap(cid, starts_on.isoformat())
        tally.add("roadmaps generated")
    except ApiError as exc:
        tally.add("roadmaps refused")
        tally.problem(f"roadmap refused ({exc.status}): {exc.body[:200]}")


def live_weeks(api: SpotterApi, persona: dict[str, Any], cid: str, scale: str,
               resolve: dict[int, list[str]], starts_on: dt.date, settings: DemoSettings,
               seed: str, tally: Tally, tick: Callable[[str], None]) -> None:
    lifter = Lifter()
    per_week = min(int(persona["sessions_per_week"]), settings.max_sessions_per_week)
    for week in range(settings.weeks):
        for injury_id in resolve.get(week, []):
            api.resolve_injury(cid, injury_id)
            tally.add("injuries resolved")
            roadmap(api, cid, starts_on + dt.timedelta(weeks=week), tally)
        for n in range(per_week):
            day = starts_on + dt.timedelta(weeks=week, days=SESSION_DAYS[n])
            # One RNG per session slot: the client's choices repeat run after run even though
            # the plans differ (the engine seeds each plan from its new session id).
            rng = random.Random(f"{seed}:{week}:{n}")
            one_session(api, persona, cid, scale, lifter, rng, day, week if n == 0 else None,
                        tally)
            tick(persona["name"])


def one_session(api: SpotterApi, persona: dict[str, Any], cid: str, scale: str, lifter: Lifter,
                rng: random.Random, day: dt.date, benchmarks_week: int | None,
                tally: Tally) -> None:
    today = today_request(persona, rng)
    attends = rng.random() <= float(persona["adherence"])
    session_id = api.request_session(cid, today)
    view = api.wait_session(session_id)
    tally.add(f"sessions {view['status']}")
    if view["status"] != "generated":
        return
    if not attends:
        api.call("POST", f"/v1/sessions/{session_id}/cancel",
                 json={"reason": "client cancelled: work ran late"})
        tally.add("sessions cancelled")
        return
    api.approve(session_id, "Looks right for today.")
    log = session_log(view, persona, lifter, rng, scale, day, int(today["readiness"]),
                      benchmarks_week)
    api.log(session_id, log)
    tally.add("sessions logged")
    tally.add("pain flags logged", len(log["pain_flags"]))
    tally.add("benchmarks logged", len(log.get("benchmarks", [])))


def simulate_client(base_url: str, org: Org, persona: dict[str, Any], index: int,
                    settings: DemoSettings, tally: Tally,
                    tick: Callable[[str], None]) -> str:
    trainer = org.trainers[persona["trainer"]]
    api = SpotterApi(base_url, trainer["api_key"])
    # Seeds per client: the same run whatever the thread interleaving.
    seed = f"{settings.seed}:{index}:{persona['name']}"
    starts_on = dt.date.today() - dt.timedelta(weeks=settings.weeks)
    try:
        cid, resolve = set_up_client(api, persona, trainer["id"], starts_on, tally)
        live_weeks(api, persona, cid, trainer["scale"], resolve, starts_on, settings, seed,
                   tally, tick)
        return cid
    except ApiError as exc:
        tally.add("errors")
        raise RuntimeError(f"{persona['name']}: {exc}") from exc
    finally:
        api.close()
