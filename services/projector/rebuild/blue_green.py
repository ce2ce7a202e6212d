"""Blue/green rebuild: replay every event into a fresh schema, then swap it in atomically.

The live projector keeps serving the live schema meanwhile. The replay stages each batch
while the previous one is written (pipelined.py). The swap takes the live stream_positions
lock (the first thing every live batch takes), catches the build up to the live positions
(batch by batch, serially), and renames the schemas in the same transaction, so nothing is
lost or doubled; afterwards the live projector finds positions at least as far as its own
and drops the repeats.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import psycopg
import structlog
from psycopg import sql

from services.projector.apply import Message, apply_batch
from services.projector.batch import TP
from services.projector.db import connect
from services.projector.rebuild import build_indexes, build_logging
from services.projector.rebuild.checked_replay import CheckedReplay
from services.projector.rebuild.collecting import Collector
from services.projector.rebuild.pipelined import PipelinedReplay
from services.projector.rebuild.read_ahead import ReadAhead
from services.projector.settings import ProjectorSettings

log = structlog.get_logger(__name__)
Progress = Callable[[int, int, float, float | None], None]  # done, total, events/s, eta s
_LOCK_KEY = 0x5907_7E12
IDLE_TIMEOUT_S = 60.0
# messages applied per transaction while replaying: the more a batch holds, the more of a
# document's successive versions collapse into one write, but each held message costs about
# 5 KB as Python objects, and two batches are held while one is written (pipelined.py).
# Serial apply at 100,000 events: 10,000 ~307 MB, 5,000 ~240 MB, 4,000 ~226 MB, for the same
# rate within noise; pipelined, 3,000 and one poll ahead: 243 MB at 1,000,000
REPLAY_BATCH = 3_000
# polls held ahead in this process: checked envelopes are Python objects, not bytes
READ_AHEAD = 1


class Pollable(Protocol):
    def poll(self, timeout_ms: int = 200) -> list[Message]: ...


class Source(Pollable, Protocol):
    def end_offsets(self) -> dict[TP, int]: ...


@dataclass(frozen=True)
class RebuildReport:
    schema: str
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def rebuild(settings: ProjectorSettings, progress: Progress | None = None) -> RebuildReport:
    """Rebuild the live read models from the beginning of the topics."""
    source = CheckedReplay(settings.infra.kafka_bootstrap, settings.topic_names())
    try:
        return rebuild_from(source, settings.owner_dsn(), settings.schema_name, progress)
    finally:
        source.close()


def rebuild_from(source: Source, owner_dsn: str, live: str,
                 progress: Progress | None = None) -> RebuildReport:
    started = time.monotonic()
    with connect(owner_dsn, autocommit=True) as owner, connect(owner_dsn, autocommit=True) as w, \
            connect(owner_dsn, autocommit=True) as r:
        row = owner.execute("SELECT pg_try_advisory_lock(%s)", (_LOCK_KEY,)).fetchone()
        if not (row and row[0]):
            raise RuntimeError("another rebuild is running")
        build = prepare_build_schema(owner, live)
        # a crash discards the build anyway: its commits need not wait for the disk (the swap's
        # own commit, synchronous, flushes them all before it)
        w.execute("SET synchronous_commit = off")
        deferred = build_indexes.defer(owner, build)
        unlogged = build_logging.unlog(owner, build)
        ends = source.end_offsets()
        # the source is polled by the read-ahead thread only, until the swap is done
        with ReadAhead(source, READ_AHEAD) as ahead:
            pipeline = PipelinedReplay(r, w, build)
            try:
                done = _replay(ahead, w, build, ends, progress, started, pipeline.apply)
                pipeline.finish()
            finally:
                pipeline.close()
            # logged first: SET LOGGED rewrites a table with its indexes, so build them after
            build_logging.relog(owner, build, unlogged)
            build_indexes.restore(owner, deferred)
            done += swap_in(owner, build, live,
                            lambda targets: _replay(ahead, w, build, targets, None, started,
                                                    lambda batch: apply_batch(w, build, batch)))
    report = RebuildReport(live, done, time.monotonic() - started)
    log.info("rebuild_done", events=report.events, seconds=round(report.seconds, 2),
             rate=round(report.rate))
    return report


def prepare_build_schema(owner: psycopg.Connection, live: str) -> str:
    """A fresh, empty set of read-model tables; leftovers of a crashed rebuild are dropped."""
    prefix = f"{live}_build_"
    names = [r[0] for r in owner.execute(
        "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", (prefix,))]
    for name in names:
        owner.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
    numbers = [int(n[len(prefix):]) for n in names if n[len(prefix):].isdigit()]
    build = f"{prefix}{max(numbers, default=0) + 1}"
    owner.execute("SELECT public.spotter_readmodel_install(%s)", (build,))
    return build


def swap_in(owner: psycopg.Connection, build: str, live: str,
            catch_up: Callable[[dict[TP, int]], int]) -> int:
    """Block live batches, bring ``build`` up to the live positions, rename, drop the old."""
    retired = f"{live}_retired"
    ident = sql.Identifier
    with owner.transaction():
        row = owner.execute("SELECT to_regnamespace(%s)", (live,)).fetchone()
        live_exists = row is not None and row[0] is not None
        targets: dict[TP, int] = {}
        if live_exists:
            owner.execute(sql.SQL("LOCK TABLE {}.stream_positions IN EXCLUSIVE MODE")
                          .format(ident(live)))
            targets = {(t, p): o + 1 for t, p, o in owner.execute(sql.SQL(
                'SELECT topic, partition, "offset" FROM {}.stream_positions')
                .format(ident(live)))}
        caught_up = catch_up(targets)
        if live_exists:
            owner.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(ident(retired)))
            owner.execute(sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                ident(live), ident(retired)))
        owner.execute(sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(ident(build), ident(live)))
        if live_exists:
            owner.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(ident(retired)))
    log.info("rebuild_swapped", schema=live, caught_up=caught_up)
    return caught_up


def _replay(source: Pollable, conn: psycopg.Connection, build: str, targets: dict[TP, int],
            progress: Progress | None, started: float,
            apply: Callable[[list[Message]], object]) -> int:
    """Apply from ``source`` into ``build`` with ``apply`` until every partition reached its
    target offset (the offset after the last message to include); ``conn`` reads where the
    build stands."""
    reached = {(t, p): o + 1 for t, p, o in conn.execute(sql.SQL(
        'SELECT topic, partition, "offset" FROM {}.stream_positions')
        .format(sql.Identifier(build)))}
    remaining = {tp: end for tp, end in targets.items() if end > reached.get(tp, 0)}
    total = sum(end - reached.get(tp, 0) for tp, end in remaining.items())
    done = 0
    # automatic collection is off while batches are applied (collecting.py)
    with Collector() as collector:
        idle_since = time.monotonic()
        while remaining:
            batch = _gather(source, remaining)
            if not batch:
                if time.monotonic() - idle_since > IDLE_TIMEOUT_S:
                    raise RuntimeError(f"replay stalled before reaching {sorted(remaining)}")
                continue
            idle_since = time.monotonic()
            apply(batch)
            done += len(batch)
            collector.counted(len(batch))
            if progress is not None:
                elapsed = time.monotonic() - started
                rate = done / elapsed if elapsed > 0 else 0.0
                eta = max(total - done, 0) / rate if rate > 0 else None
                progress(min(done, total), total, rate, eta)
    return done


def _gather(source: Pollable, remaining: dict[TP, int]) -> list[Message]:
    """Polls until REPLAY_BATCH messages, a poll that returns nothing, or every partition
    reached its target; the partitions reached are removed from ``remaining``."""
    batch: list[Message] = []
    while remaining and len(batch) < REPLAY_BATCH:
        polled = source.poll()
        if not polled:
            break
        batch += polled
        for m in polled:
            tp = (m.topic, m.partition)
            if tp in remaining and m.offset + 1 >= remaining[tp]:
                del remaining[tp]
    return batch
