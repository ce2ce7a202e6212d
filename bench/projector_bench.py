"""Projector rebuild rate over a simulated gym chain, next to the raw consume rate of the same
topics, with the rebuild process's resident memory sampled throughout.

The chain's events are produced once to topics of their own (prefix ``benchchain…``) and kept:
a marker in .local/bench says which prefix holds how many events, so later runs reuse them.
The rebuild runs in a child process (``python -c`` calling this module's
``main(['child', …])``) so its memory is measured alone, into a scratch database migrated like the real one and dropped afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import psycopg
from psycopg import sql

from bench.report import percentile
from infra.postgres.migrate import apply_migrations
from infra.postgres.provision import create_database, drop_database, ensure_roles
from infra.settings import LocalStackSettings

REPO = Path(__file__).resolve().parents[1]
MARKERS = REPO / ".local" / "bench"
# The rebuild child runs from -c, not -m: the reader process it spawns then imports only what
# it reads with, not this module (spawn re-imports a -m main module), and this module imports
# kafka-python (raw_chain, raw_kafka) only where used, so neither process carries the bench's
# own tools in the RSS measured
_CHILD = "import sys; from bench.projector_bench import main; main(['child', *sys.argv[1:]])"


def _marker(n_events: int) -> Path:
    return MARKERS / f"chain-{n_events}.json"


def ensure_chain(settings: LocalStackSettings, n_events: int) -> dict[str, Any]:
    """The topics holding ``n_events`` chain events, produced now unless already there."""
    from bench import raw_chain, raw_kafka

    bootstrap = settings.kafka_bootstrap
    marker = _marker(n_events)
    if marker.exists():
        known = json.loads(marker.read_text())
        names = raw_chain.topics(known["prefix"])
        if (known.get("bootstrap") == bootstrap and set(names) <= raw_kafka.list_topics(bootstrap)
                and sum(raw_kafka.end_offsets(bootstrap, names).values()) == n_events):
            return {**known, "reused": True}
        raw_kafka.delete_topics(bootstrap, names)  # stale or partial: start again
        marker.unlink()
    prefix = f"benchchain{uuid.uuid4().hex[:8]}"
    names = raw_chain.topics(prefix)
    raw_kafka.create_topics(bootstrap, names, settings.topic_partitions)
    began = time.perf_counter()
    try:
        count, _ = raw_kafka.produce(bootstrap, raw_chain.generate(prefix, n_events))
    except BaseException:
        raw_kafka.delete_topics(bootstrap, names)
        raise
    known = {"prefix": prefix, "events": count, "bootstrap": bootstrap,
             "produce_events_per_s": round(count / (time.perf_counter() - began), 1)}
    MARKERS.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(known))
    return {**known, "reused": False}


def _scratch_owner_dsn(settings: LocalStackSettings, name: str) -> str:
    info = psycopg.conninfo.conninfo_to_dict(settings.owner_database_url)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**info)


def _rebuild_child(owner_dsn: str, bootstrap: str, topics: list[str]) -> dict[str, Any]:
    from services.projector.rebuild.checked_replay import CheckedReplay
    from services.projector.rebuild.blue_green import rebuild_from

    source = CheckedReplay(bootstrap, topics)  # what `spotter projections rebuild` reads with
    try:
        report = rebuild_from(source, owner_dsn, "readmodel")
    finally:
        source.close()
    with psycopg.connect(owner_dsn) as conn:
        audit = conn.execute("SELECT count(*) FROM readmodel.audit_log").fetchone()
        skipped = conn.execute("SELECT count(*) FROM readmodel.skipped_events").fetchone()
    return {"events": report.events, "seconds": report.seconds, "rate": report.rate,
            "applied": audit[0] if audit else 0, "skipped": skipped[0] if skipped else 0}


def _run_sampled(cmd: list[str], budget_s: float) -> tuple[dict[str, Any] | None, list[float],
                                                           float]:
    """Run ``cmd``: its JSON stdout (None when killed at ``budget_s``), its RSS (MB, the sum
    over the process and its children: the rebuild reads in a child) sampled every quarter
    second, and the seconds it ran."""
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    samples: list[float] = []
    by_process: list[list[float]] = []
    began = time.monotonic()
    while proc.poll() is None:
        try:
            tree = [ps, *ps.children(recursive=True)]
            samples.append(sum(_rss(p) for p in tree) / 2**20)
            by_process.append([_rss(p) / 2**20 for p in tree])
        except psutil.Error:
            break
        if time.monotonic() - began > budget_s:
            proc.kill()
            proc.communicate()
            return None, samples, time.monotonic() - began
        time.sleep(0.25)
    _trace_rss(by_process)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"rebuild failed: {err.decode()[-400:]}")
    return json.loads(out.decode().strip().splitlines()[-1]), samples, time.monotonic() - began


def _trace_rss(by_process: list[list[float]]) -> None:
    """The RSS of each process of the rebuild, every tenth of the run, on stderr."""
    step = max(1, len(by_process) // 10)
    for i in range(0, len(by_process), step):
        sys.stderr.write(f"rebuild rss at sample {i}: "
                         f"{' + '.join(f'{mb:.0f}' for mb in by_process[i])} MB\n")


def _rss(p: psutil.Process) -> int:
    try:
        return p.memory_info().rss
    except psutil.Error:  # a child that just exited
        return 0


def _partial(owner_dsn: str, seconds: float) -> dict[str, Any]:
    """What a rebuild stopped at its budget had committed into its build schema."""
    with psycopg.connect(owner_dsn) as conn:
        row = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE "
                           "'readmodel\\_build\\_%' ORDER BY nspname DESC LIMIT 1").fetchone()
        if row is None:
            return {"events": 0, "seconds": seconds, "rate": 0.0, "applied": 0, "skipped": 0}
        counts = [conn.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(row[0]), sql.Identifier(t))).fetchone() for t in
            ("audit_log", "skipped_events")]
    applied, skipped = (int(c[0]) if c else 0 for c in counts)
    return {"events": applied + skipped, "seconds": seconds,
            "rate": (applied + skipped) / seconds, "applied": applied, "skipped": skipped}


def run(n_events: int = 1_000_000, budget_s: float = 1200.0) -> dict[str, Any]:
    """Rebuild rate over ``n_events``; a rebuild still running after ``budget_s`` is stopped
    and its rate taken over what it had committed (``complete`` is then false)."""
    from bench import raw_chain, raw_kafka

    settings = LocalStackSettings()
    chain = ensure_chain(settings, n_events)
    topics = raw_chain.topics(chain["prefix"])
    consume = raw_kafka.consume_rate(settings.kafka_bootstrap, topics)
    name = f"bench_rebuild_{uuid.uuid4().hex[:8]}"
    ensure_roles(settings.admin_database_url)
    create_database(settings.admin_database_url, name)
    try:
        owner = _scratch_owner_dsn(settings, name)
        apply_migrations(owner)
        cmd = [sys.executable, "-c", _CHILD, owner, settings.kafka_bootstrap, *topics]
        result, rss, elapsed = _run_sampled(cmd, budget_s)
        complete = result is not None
        if result is None:
            result = _partial(owner, elapsed)
    finally:
        drop_database(settings.admin_database_url, name)
    # flat memory: what the process grew by after its first fifth (imports, pools, caches)
    settled = max(rss[: max(1, len(rss) // 5)]) if rss else 0.0
    return {
        "events": chain["events"], "reused_data": chain["reused"],
        "produce_events_per_s": chain.get("produce_events_per_s"),
        "raw_consume_events_per_s": consume["events_per_s"], "complete": complete,
        "rebuild_events": result["events"], "rebuild_seconds": round(result["seconds"], 1),
        "rebuild_events_per_s": round(result["rate"], 1),
        "applied": result["applied"], "skipped": result["skipped"],
        "peak_rss_mb": round(max(rss, default=0.0), 1),
        "rss_growth_after_first_fifth_mb": round(max(rss, default=0.0) - settled, 1),
    }


class _LagPoller:
    """Polls the live read model's audit log for the organization's events; the lag of each is
    first seen (wall clock) minus its occurred_at. Resolution: the poll interval."""

    def __init__(self, database_url: str, schema: str, organization_id: str,
                 since: datetime, interval_s: float = 0.02) -> None:
        self.database_url, self.schema = database_url, schema
        self.organization_id, self.since, self.interval_s = organization_id, since, interval_s
        self.lags_ms: dict[str, float] = {}
        self.stop = threading.Event()
        self.error = ""
        self.thread = threading.Thread(target=self._loop, name="lag-poller", daemon=True)

    def _loop(self) -> None:
        query = sql.SQL("SELECT event_id::text, occurred_at FROM {}.audit_log "
                        "WHERE organization_id = %s AND occurred_at >= %s").format(
                            sql.Identifier(self.schema))
        try:
            with psycopg.connect(self.database_url, autocommit=True) as conn:
                while not self.stop.wait(self.interval_s):
                    rows = conn.execute(query, (self.organization_id, self.since)).fetchall()
                    now = datetime.now(UTC)
                    for event_id, occurred in rows:
                        if event_id not in self.lags_ms:
                            self.lags_ms[event_id] = (now - occurred).total_seconds() * 1000
        except psycopg.Error as exc:
            self.error = str(exc)[:300]


def run_lag(seconds: float = 10.0, workers: int = 4, settle_s: float = 15.0) -> dict[str, Any]:
    """Commit-to-visible lag of each event written by an HTTP write load on the running stack."""
    from bench.e2e_bench import create_org, load_trainer, write_load
    from services.projector.settings import ProjectorSettings

    settings = LocalStackSettings()
    org = create_org(settings)
    trainer = load_trainer(org)
    poller = _LagPoller(settings.database_url, ProjectorSettings().schema_name,
                        org.organization_id, datetime.now(UTC))
    poller.thread.start()
    load, elapsed = write_load(org, trainer, seconds, workers)
    expected = len(load.latencies)  # one event per acknowledged command
    deadline = time.monotonic() + settle_s
    while len(poller.lags_ms) < expected and time.monotonic() < deadline and not poller.error:
        time.sleep(0.1)
    poller.stop.set()
    poller.thread.join(timeout=5)
    if poller.error:
        raise RuntimeError(f"read-model poll failed: {poller.error}")
    lags = list(poller.lags_ms.values())
    if not lags:
        raise RuntimeError(f"no event became visible in {settle_s:.0f} s "
                           f"({expected} acknowledged, {load.errors} errors {load.first_error})")
    return {
        "write_cmds_per_s": round(expected / elapsed, 1), "acknowledged": expected,
        "write_errors": load.errors, "write_p50_ms": round(percentile(load.latencies, 0.5), 1),
        "write_p99_ms": round(percentile(load.latencies, 0.99), 1),
        "visible": len(lags), "not_visible_after_settle": max(0, expected - len(lags)),
        "lag_p50_ms": round(percentile(lags, 0.5), 1),
        "lag_p99_ms": round(percentile(lags, 0.99), 1), "lag_max_ms": round(max(lags), 1),
    }


def main(argv: list[str]) -> None:
    if argv and argv[0] == "child":
        from shared.platform.logging import configure_logging

        configure_logging("bench-rebuild", "WARNING")
        sys.stdout.write(json.dumps(_rebuild_child(argv[1], argv[2], argv[3:])) + "\n")
        return
    result = run(int(argv[0]) if argv else 100_000)
    sys.stdout.write("\n".join(f"{k:>34}: {v}" for k, v in result.items()) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
