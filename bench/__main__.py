"""``python -m bench [--only SECTION] [--quick] [--no-up]``: every benchmark, one table.

Starts the stack if needed, records the machine's cores and load, runs each section in a child
process of its own (bounded in time: a hung section is killed and reported, the others go on)
while the service processes' memory is sampled, then prints the table and writes it as JSON to
bench/results/<UTC timestamp>.json and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import Row, Target, document, format_table, unavailable

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def _store(quick: bool) -> dict[str, Any]:
    from bench import raw_store
    return raw_store.run(seconds=2 if quick else 5, batch_events=4000 if quick else 20_000)


def _api(quick: bool) -> dict[str, Any]:
    try:
        from bench import api_bench  # the API engineer's: HTTP writes next to raw appends
    except ImportError:
        from bench import e2e_bench
        return e2e_bench.run_api_writes(2 if quick else 5)
    return api_bench.run(2 if quick else 5)


def _relay(quick: bool) -> dict[str, Any]:
    from bench import relay_bench
    return relay_bench.run(10_000 if quick else 50_000)


def _projector(quick: bool) -> dict[str, Any]:
    from bench import projector_bench
    return projector_bench.run(100_000 if quick else 1_000_000, budget_s=600 if quick else 1200)


def _lag(quick: bool) -> dict[str, Any]:
    from bench import projector_bench
    return projector_bench.run_lag(seconds=5 if quick else 15, workers=4)


def _e2e(quick: bool) -> dict[str, Any]:
    from bench import e2e_bench
    return e2e_bench.run_round_trip(trainers=8, sessions_each=3 if quick else 15)


def _engine(quick: bool) -> dict[str, Any]:
    from bench import engine_bench
    return engine_bench.run(100 if quick else 500)


MS, EPS = "ms", "events/s"


def _rows_store(r: dict[str, Any]) -> list[Row]:
    return [Row("1 event store", f"raw append, 1 event/txn, {r['threads']} threads",
                r["single_event_per_s"], EPS),
            Row("1 event store", f"group-committed saves, {r['threads']} threads",
                r.get("grouped_per_s"), EPS),
            Row("1 event store", f"raw append, {r['per_save']} events/txn", r["batched_per_s"],
                EPS)]


def _rows_api(r: dict[str, Any]) -> list[Row]:
    s = "2 API writes"
    raw = r["raw_append_per_s"]  # measured interleaved with the HTTP load, same threads
    return [Row(s, f"write commands/s, {r['threads']} threads", r["api_write_cmds_per_s"],
                "cmds/s", raw, "raw append 1/txn", Target(min_ratio=0.6),
                extra={"errors": r.get("api_write_errors")}),
            # the same commands against the store's grouped append (what the API itself uses):
            # how far the API's CPU per request is from what the store could take
            Row(s, f"write commands/s vs grouped append, {r['threads']} threads",
                r["api_write_cmds_per_s"], "cmds/s", r.get("grouped_append_per_s"),
                "raw append, group commit"),
            Row(s, "write p50", r["api_write_p50_ms"], MS),
            Row(s, "write p99", r["api_write_p99_ms"], MS),
            Row(s, "read requests/s", r["read_req_per_s"], "req/s") if r["read_req_per_s"]
            is not None else unavailable(s, "measured by api_bench only", "read requests/s")]


def _rows_relay(r: dict[str, Any]) -> list[Row]:
    return [Row("3 relay", f"relay, {r['n_events']:,} events", r["relay_events_per_s"], EPS,
                r["raw_produce_events_per_s"], "raw kafka-python produce",
                Target(min_value=5000, min_ratio=0.5))]


def _rows_projector(r: dict[str, Any]) -> list[Row]:
    s = "4 projector"
    done = f"{r['rebuild_events']:,} events" if r.get("complete", True) else \
        f"{r['rebuild_events']:,} of {r['events']:,} events (stopped at its time budget)"
    return [Row(s, f"rebuild, {done}", r["rebuild_events_per_s"], EPS,
                r["raw_consume_events_per_s"], "raw kafka-python consume",
                Target(min_value=10_000), extra={"applied": r["applied"],
                                                 "skipped": r["skipped"]}),
            Row(s, "rebuild peak RSS", r["peak_rss_mb"], "MB", target=Target(max_value=250)),
            # "flat memory": no growth with the event count once warmed up (our bound: 50 MB)
            Row(s, "RSS growth after first fifth", r["rss_growth_after_first_fifth_mb"], "MB",
                target=Target(max_value=50))]


def _rows_lag(r: dict[str, Any]) -> list[Row]:
    s = "5 live lag"
    return [Row(s, "commit -> visible p50", r["lag_p50_ms"], MS),
            Row(s, "commit -> visible p99", r["lag_p99_ms"], MS,
                target=Target(max_value=1000, max_strict=True)),
            Row(s, "not visible after 15 s", r["not_visible_after_settle"], "events",
                target=Target(max_value=0)),
            Row(s, "write load during", r["write_cmds_per_s"], "cmds/s")]


def _rows_e2e(r: dict[str, Any]) -> list[Row]:
    s, n = "6 session round trip", f"{r['trainers']} trainers"
    return [Row(s, f"request -> generated p50, {n}", r["p50_ms"], MS,
                target=Target(max_value=150), extra={"statuses": r["statuses"]}),
            Row(s, f"request -> generated p99, {n}", r["p99_ms"], MS,
                target=Target(max_value=500))]


def _rows_engine(r: dict[str, Any]) -> list[Row]:
    s = "7 engine"
    return [Row(s, "assemble session p50", r["session_p50_ms"], MS),
            Row(s, "assemble session p99", r["session_p99_ms"], MS, target=Target(max_value=25)),
            Row(s, "roadmap build p50", r["roadmap_p50_ms"], MS),
            Row(s, "roadmap build p99", r["roadmap_p99_ms"], MS)]


Section = tuple[str, Callable[[bool], dict[str, Any]], Callable[[dict[str, Any]], list[Row]],
                float]
SECTIONS: dict[str, Section] = {  # name: (label, run, rows, timeout s)
    "store": ("1 event store", _store, _rows_store, 300),
    "api": ("2 API writes", _api, _rows_api, 300),
    "relay": ("3 relay", _relay, _rows_relay, 900),
    "projector": ("4 projector", _projector, _rows_projector, 5400),
    "lag": ("5 live lag", _lag, _rows_lag, 300),
    "e2e": ("6 session round trip", _e2e, _rows_e2e, 600),
    "engine": ("7 engine", _engine, _rows_engine, 300),
}
NO_STACK = {"engine"}


def run_section(name: str, quick: bool) -> tuple[list[Row], dict[str, Any] | None]:
    """The section in a child process (killed at its timeout): its rows and raw figures."""
    label, _, to_rows, timeout = SECTIONS[name]
    cmd = [sys.executable, "-m", "bench", "--child", name] + (["--quick"] if quick else [])
    sys.stderr.write(f"bench: {name} (at most {timeout:.0f} s)\n")
    # its own process group: on timeout the section's children (the rebuild) die with it
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=child_env(), start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return [unavailable(label, f"timed out after {timeout:.0f} s")], None
    except BaseException:  # Ctrl-C: the group does not share our terminal's signal
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:160]
        return [unavailable(label, reason)], None
    result = json.loads(lines[-1])
    return to_rows(result), result


def child_env() -> dict[str, str]:
    """The environment plus the stack's URLs, derived like the Makefile derives them (a bare
    SPOTTER_PG_PORT / SPOTTER_KAFKA_PORT moves every section, whichever settings it reads)."""
    from infra.settings import LocalStackSettings
    s = LocalStackSettings()
    derived = {"SPOTTER_DATABASE_URL": s.database_url,
               "SPOTTER_ADMIN_DATABASE_URL": s.admin_database_url,
               "SPOTTER_OWNER_DATABASE_URL": s.owner_database_url,
               "SPOTTER_KAFKA_BOOTSTRAP": s.kafka_bootstrap}
    return derived | dict(os.environ)  # what the caller set explicitly wins


def ensure_stack() -> str:
    """`python -m infra.stack up` unless `status` says everything is healthy already."""
    stack = [sys.executable, "-m", "infra.stack"]
    if subprocess.run([*stack, "status"], cwd=REPO, capture_output=True, timeout=120,
                      check=False).returncode == 0:
        return "already up"
    sys.stderr.write("bench: starting the stack (python -m infra.stack up)\n")
    up = subprocess.run([*stack, "up"], cwd=REPO, capture_output=True, text=True, timeout=900,
                        check=False)
    tail = (up.stdout + up.stderr).strip().splitlines()[-3:]
    return "started" if up.returncode == 0 else f"up failed: {' | '.join(tail)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", choices=[*SECTIONS, "rss"], help="one section")
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a smoke run")
    parser.add_argument("--no-up", action="store_true", help="do not start the stack")
    parser.add_argument("--child", choices=list(SECTIONS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:  # one section, its raw figures as the last line of stdout
        from shared.platform.logging import configure_logging
        configure_logging("bench", "WARNING")
        sys.stdout.write(json.dumps(SECTIONS[args.child][1](args.quick)) + "\n")
        return 0
    from bench.rss import machine
    info = machine()  # before anything of ours loads the machine
    names = [args.only] if args.only in SECTIONS else [] if args.only else list(SECTIONS)
    needs_stack = any(n not in NO_STACK for n in names) or args.only in (None, "rss")
    info["stack"] = "not needed" if not needs_stack else "not started (--no-up)" \
        if args.no_up else ensure_stack()
    from bench.rss import RssSampler, rss_rows
    from infra.settings import LocalStackSettings
    sampler = RssSampler(LocalStackSettings())
    sampler.start()
    rows: list[Row] = []
    raw: dict[str, Any] = {}
    began = time.monotonic()
    for name in names:
        section_rows, raw[name] = run_section(name, args.quick)
        rows += section_rows
    if args.only == "rss":
        time.sleep(5)  # nothing else runs: a short look at the idle services
    sampler.stop()
    if args.only in (None, "rss"):
        rows += rss_rows(sampler.peaks())
    info["seconds"] = round(time.monotonic() - began, 1)
    sys.stdout.write(format_table(rows, info) + "\n")
    doc = document(rows, info, {"only": args.only, "quick": args.quick}) | {"raw": raw}
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for path in (RESULTS / f"{stamp}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps(doc, indent=2, default=str) + "\n")
    sys.stdout.write(f"written: bench/results/{stamp}.json (and latest.json)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
