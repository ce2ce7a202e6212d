"""End to end through the running stack (infra.stack up): the session round trip of concurrent
trainers, and the live projection lag under an HTTP write load.

Each run creates an organization of its own (``services.api.cli.main admin create-org``), so it
never touches anybody's data; events cannot be deleted, so the organization stays, named
"Bench …" with the time of the run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.light_http import LightClient
from bench.report import percentile
from infra.settings import LocalStackSettings

REPO = Path(__file__).resolve().parents[1]
GYM = ["barbell", "rack", "bench", "plates", "dumbbell", "kettlebell", "cable", "pullup_bar"]


@dataclass
class Org:
    base_url: str
    organization_id: str
    admin_key: str

    def client(self, key: str | None = None, timeout: float = 30.0) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=timeout,
                            headers={"Authorization": f"Bearer {key or self.admin_key}"})


def create_org(settings: LocalStackSettings) -> Org:
    name = f"Bench {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"
    done = subprocess.run(
        [sys.executable, "-m", "services.api.cli.main", "admin", "create-org", name, "--json"],
        cwd=REPO, env={"SPOTTER_DATABASE_URL": settings.database_url, "PATH": "/usr/bin:/bin",
                       "SPOTTER_LOG_LEVEL": "WARNING"},
        capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"create-org failed: {done.stderr.strip()[-300:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return Org(f"http://127.0.0.1:{settings.api_port}", out["organization_id"], out["api_key"])


def trainer_with_client(org: Org, n: int) -> tuple[str, str]:
    """A trainer in engine mode (their own key) with one client and a roadmap: (key, client)."""
    with org.client() as admin:
        r = admin.post("/v1/trainers", json={"name": f"Bench trainer {n}",
                                             "email": f"bench{n}@bench.example",
                                             "methodology": {"generator_mode": "engine"}})
        r.raise_for_status()
        trainer = r.json()
    with org.client(trainer["api_key"]) as c:
        r = c.post("/v1/clients", json={"name": f"Bench client {n}", "trainer_id": trainer["id"],
                                        "experience": "intermediate", "sessions_per_week": 3,
                                        "goals": [{"goal": "strength", "priority": 1}]})
        r.raise_for_status()
        client_id = r.json()["id"]
        c.post(f"/v1/clients/{client_id}/roadmap").raise_for_status()
    return trainer["api_key"], client_id


def _one_session(c: LightClient, client_id: str, wait_s: float) -> tuple[float, str]:
    """Request a session and long-poll until it is no longer requested: (ms, final status)."""
    began = time.perf_counter()
    body = c.ok("POST", f"/v1/clients/{client_id}/sessions",
                {"duration_min": 60, "equipment": GYM, "readiness": 4})
    session = json.loads(body)["session_id"]
    status = "requested"
    deadline = time.monotonic() + 60
    while status == "requested" and time.monotonic() < deadline:
        status = json.loads(c.ok("GET", f"/v1/sessions/{session}?wait={wait_s:g}"))["status"]
    return (time.perf_counter() - began) * 1000, status


def run_round_trip(trainers: int = 8, sessions_each: int = 10, wait_s: float = 10.0,
                   settings: LocalStackSettings | None = None) -> dict[str, Any]:
    """``trainers`` threads, each requesting ``sessions_each`` sessions one after another."""
    settings = settings or LocalStackSettings()
    org = create_org(settings)
    setups = [trainer_with_client(org, n) for n in range(trainers)]
    times: list[float] = []
    statuses: dict[str, int] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def trainer_loop(key: str, client_id: str) -> None:
        # the stdlib keep-alive client: the load generator shares the cores it measures
        c = LightClient(org.base_url, {"Authorization": f"Bearer {key}"}, timeout=wait_s + 30)
        try:
            _one_session(c, client_id, wait_s)  # warm-up, not counted: first read-model wait
            for _ in range(sessions_each):
                try:
                    ms, status = _one_session(c, client_id, wait_s)
                except (RuntimeError, OSError, ValueError) as exc:
                    with lock:
                        errors.append(repr(exc))
                    continue
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == "generated":
                        times.append(ms)
        finally:
            c.close()

    threads = [threading.Thread(target=trainer_loop, args=s) for s in setups]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not times:
        raise RuntimeError(f"no session was generated: {statuses} {errors[:2]}")
    return {"trainers": trainers, "samples": len(times), "statuses": statuses,
            "errors": len(errors), "p50_ms": round(percentile(times, 0.5), 1),
            "p99_ms": round(percentile(times, 0.99), 1), "max_ms": round(max(times), 1)}


@dataclass
class _Load:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def load_trainer(org: Org) -> str:
    with org.client() as admin:
        r = admin.post("/v1/trainers", json={"name": "Load trainer", "email": "load@b.example"})
        r.raise_for_status()
        return str(r.json()["id"])


def write_load(org: Org, trainer: str, seconds: float, workers: int) -> tuple[_Load, float]:
    """``workers`` threads registering clients and reporting injuries (one event per
    acknowledged command): (load, elapsed s)."""
    load, lock = _Load(), threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop(w: int) -> None:
        client: str | None = None  # the worker's last registered client gets the next injury
        with org.client() as c:
            n = 0
            while time.monotonic() < stop_at:
                began = time.perf_counter()
                try:
                    if client is None:
                        r = c.post("/v1/clients", json={
                            "name": f"Load {w}-{n}", "trainer_id": trainer,
                            "experience": "beginner", "sessions_per_week": 2})
                        r.raise_for_status()
                        client = r.json()["id"]
                    else:
                        r = c.post(f"/v1/clients/{client}/injuries", json={
                            "region": "knee", "side": "left", "severity": 3,
                            "status": "active", "description": "bench"})
                        client = None
                        r.raise_for_status()
                    with lock:
                        load.latencies.append((time.perf_counter() - began) * 1000)
                except httpx.HTTPError as exc:
                    with lock:
                        load.errors += 1
                        load.first_error = load.first_error or repr(exc)[:200]
                n += 1

    threads = [threading.Thread(target=loop, args=(w,)) for w in range(workers)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return load, time.monotonic() - began


def run_api_writes(seconds: float = 5.0, threads: int = 8) -> dict[str, Any]:
    """Without bench/api_bench.py: our write load on the stack's API, after a raw append run
    with the same threads (the raw limit of the same run)."""
    from bench import raw_store

    raw = raw_store.run(seconds=seconds, threads=threads, batch_events=200)
    org = create_org(LocalStackSettings())
    load, elapsed = write_load(org, load_trainer(org), seconds, threads)
    ms = load.latencies or [0.0]
    return {"threads": threads, "raw_append_per_s": raw["single_event_per_s"],
            "api_write_cmds_per_s": round(len(load.latencies) / elapsed, 1),
            "api_write_p50_ms": round(percentile(ms, 0.5), 2),
            "api_write_p99_ms": round(percentile(ms, 0.99), 2), "api_write_errors": load.errors,
            "read_req_per_s": None}
