"""API write throughput next to the raw event-store append rate in the same run, plus reads.

``python -m bench.api_bench [seconds]`` prints the figures; ``run(seconds) -> dict`` returns them.
A fresh database (removed afterwards) and one API process started on a free port; W client
threads send commands for ``seconds`` each phase. Raw append: the same number of threads each
putting a new one-event aggregate straight into the event store, one transaction per aggregate
(the library's own append, what one command writes), so the ratio shows what HTTP, auth, access
checks and the handler cost. Grouped append: the same saves through the write model's group
commit (shared/writemodel/group_commit.py), which the API uses too: concurrent saves share a
transaction, so this is the most the store takes from these threads; the API's ratio to it
shows how far the API's own CPU per request is from that.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.light_http import LightClient
from services.api.adapters.writemodel import WriteModel
from shared.platform.settings import InfraSettings
from shared.writemodel.domain.base import EventMeta
from shared.writemodel.domain.client import Client

REPO = Path(__file__).resolve().parents[1]
THREADS = 8


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _hammer(seconds: float, threads: int, op: Callable[[int, int], None]) -> dict[str, Any]:
    """Run ``op(thread, n)`` in a loop on each thread for ``seconds``; latencies in ms."""
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    stop_at = time.monotonic() + seconds

    def loop(t: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                op(t, n)
                latencies[t].append((time.perf_counter() - started) * 1000)
            except Exception as exc:
                errors[t] += 1
                if errors[t] == 1 and t == 0:
                    sys.stderr.write(f"bench: first error: {exc!r}\n")
            n += 1

    workers = [threading.Thread(target=loop, args=(t,)) for t in range(threads)]
    began = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - began
    flat = [x for per in latencies for x in per]
    return {"samples": flat, "elapsed": elapsed, "errors": sum(errors)}


def _raw_append_op(app: Any, grouped: bool) -> Callable[[int, int], None]:
    meta = EventMeta(organization_id=str(uuid.uuid4()), actor_kind="system", actor_id="bench",
                     correlation_id="bench")
    trainer = uuid.uuid4()

    def op(t: int, n: int) -> None:
        client = Client.register(
            client_id=uuid.uuid4(), name="bench", trainer_id=trainer, goals=[],
            experience="beginner", sessions_per_week=3, birth_year=None, notes=None,
            now=datetime.now(UTC), meta=meta)
        if grouped:
            app.save(client)
        else:  # the event store's own put: one transaction for this aggregate's events
            app.events.put(client.collect_events())

    return op


def _merge(parts: list[dict[str, Any]]) -> dict[str, float]:
    """Totals over interleaved rounds (latency percentiles over every sample)."""
    samples = [x for p in parts for x in p["samples"]]
    elapsed = sum(p["elapsed"] for p in parts)
    return {"per_s": len(samples) / elapsed if elapsed else 0.0,
            "p50_ms": statistics.median(samples) if samples else 0.0,
            "p99_ms": _percentile(samples, 0.99), "errors": sum(p["errors"] for p in parts)}


def _start_api(database_url: str, api_workers: int) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"SPOTTER_DATABASE_URL": database_url, "SPOTTER_API_PORT": str(port),
           "SPOTTER_LOG_LEVEL": "WARNING", "SPOTTER_LOG_JSON": "true",
           "SPOTTER_API_SESSION_BURST": "1000000", "PATH": "/usr/bin:/bin",
           "SPOTTER_API_WORKERS": str(api_workers)}
    proc = subprocess.Popen([sys.executable, "-m", "services.api"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the API did not start")


def _max_rss_mb(pid: int) -> float:
    """Largest resident set of the API's processes (the supervisor and its workers)."""
    import psutil

    parent = psutil.Process(pid)
    procs = [parent, *parent.children(recursive=True)]
    return round(max(p.memory_info().rss for p in procs) / 2**20, 1)


def _create_org(database_url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "services.api.cli.main", "admin", "create-org", "Bench", "--json"],
        cwd=REPO, env={"SPOTTER_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60, check=True)
    return str(json.loads(done.stdout)["api_key"])


def run(seconds: float = 5.0, threads: int = THREADS, api_workers: int = 2) -> dict[str, Any]:
    infra = InfraSettings()
    name = f"api_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" OWNER spotter_app')
    info = psycopg.conninfo.conninfo_to_dict(infra.database_url)
    info["dbname"] = name
    url = psycopg.conninfo.make_conninfo(**info)
    proc = None
    # The same event-store settings as the API's (pool, no pre-ping): only the API differs.
    store = WriteModel.open(url, create_table=True, pool_size=threads).app
    try:
        proc, base = _start_api(url, api_workers)
        key = _create_org(url)
        clients = [LightClient(base, {"Authorization": f"Bearer {key}"})
                   for _ in range(threads)]
        trainer = json.loads(clients[0].ok("POST", "/v1/trainers",
                                           {"name": "B", "email": "b@x.io"}))
        body = {"name": "bench", "trainer_id": trainer["id"], "experience": "beginner",
                "sessions_per_week": 3}

        def write(t: int, n: int) -> None:
            clients[t].ok("POST", "/v1/clients", body)

        def read(t: int, n: int) -> None:
            clients[t].ok("GET", f"/v1/trainers/{trainer['id']}")

        raw_op, grouped_op = _raw_append_op(store, False), _raw_append_op(store, True)
        raw_parts, grouped_parts, write_parts = [], [], []
        # Interleaved one-second rounds: a shared machine's load swings hit all alike.
        for _ in range(max(1, int(seconds))):
            raw_parts.append(_hammer(1.0, threads, raw_op))
            grouped_parts.append(_hammer(1.0, threads, grouped_op))
            write_parts.append(_hammer(1.0, threads, write))
        raw, grouped, writes = _merge(raw_parts), _merge(grouped_parts), _merge(write_parts)
        reads = _merge([_hammer(seconds, threads, read)])
        rss_mb = _max_rss_mb(proc.pid)
        for c in clients:
            c.close()
    finally:
        store.close()
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        "threads": threads, "seconds_per_phase": seconds, "api_workers": api_workers,
        "raw_append_per_s": round(raw["per_s"], 1),
        "grouped_append_per_s": round(grouped["per_s"], 1),
        "api_write_cmds_per_s": round(writes["per_s"], 1),
        "api_write_p50_ms": round(writes["p50_ms"], 2),
        "api_write_p99_ms": round(writes["p99_ms"], 2),
        "api_write_errors": writes["errors"],
        "api_vs_raw_ratio": round(writes["per_s"] / raw["per_s"], 3) if raw["per_s"] else 0.0,
        "target_ratio": 0.6,
        "api_vs_grouped_ratio": (round(writes["per_s"] / grouped["per_s"], 3)
                                 if grouped["per_s"] else 0.0),
        "read_req_per_s": round(reads["per_s"], 1),
        "read_p50_ms": round(reads["p50_ms"], 2), "read_p99_ms": round(reads["p99_ms"], 2),
        "api_max_process_rss_mb": rss_mb,
    }


if __name__ == "__main__":
    result = run(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
    for k, v in result.items():
        sys.stdout.write(f"{k:>24}: {v}\n")
