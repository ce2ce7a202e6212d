"""The rebuild's replay with two batches in flight: the next one is staged here while a writer
thread writes the previous one.

Applying a batch alternates between Python (parse, fold documents, build rows) and waiting for
PostgreSQL (bulk writes, trend queries, commit). In a rebuild this process is the only writer
of the build schema, so the two can overlap: batch k+1 is staged on a read connection while
batch k is written and committed on the write connection.

Batch k+1 must see what batch k will write. What staging reads is covered:
- partition positions are kept here, not read back;
- documents: those batch k writes are handed on at their final versions (the folds copy a
  document before they change one they do not own, so the writer's stay intact); the rest
  are committed;
- event ids already applied: batch k's are handed on; the rest are committed;
- direct writes (organizations, trainers, keys, skipped events) are staged in event order
  and run by the writer before the batch's bulk writes; nothing stages by reading them.
Trends are the exception: a batch leaves the trends of the lifts it touched, and ``finish``
recomputes every lift's trend in one pass (a trend depends only on the lift's stored bests,
and refreshing it per batch cost a query whose work grew with the history).
Each batch still commits its rows and its positions together. If staging or writing hits a
payload the set-based path cannot take, the batches not committed are applied again by
``apply_batch`` (which redoes a bad batch event by event), and so is the rest of the replay.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg

from services.projector import envelope as wire
from services.projector.apply import (
    PAYLOAD_ERRORS,
    BatchResult,
    Message,
    NeedsGuard,
    apply_batch,
    prefetch_committed,
    report_dead_letters,
    stage,
)
from services.projector.batch import TP
from services.projector.readmodels import exercise_history, registry
from services.projector.stage import DocKey, Staged, StagedCursor
from services.projector.uuids import canonical_uuid

_POSITIONS = """INSERT INTO stream_positions (topic, partition, "offset", last_position)
    VALUES (%s, %s, %s, %s) ON CONFLICT (topic, partition)
    DO UPDATE SET "offset" = EXCLUDED."offset", last_position = EXCLUDED.last_position"""


@dataclass
class _InFlight:
    messages: list[Message]
    docs: dict[DocKey, Any]
    applied_ids: set[str]
    done: Future[BatchResult]


class PipelinedReplay:
    """``apply(messages)`` stages a batch and hands it to the writer; ``finish()`` waits for
    the last one. ``read`` and ``write`` are two connections to the same database."""

    def __init__(self, read: psycopg.Connection, write: psycopg.Connection, schema: str) -> None:
        self.read, self.write, self.schema = read, write, schema
        read.autocommit = True  # each prefetch sees every batch committed so far
        read.execute("SELECT set_config('search_path', %s, false)", (schema,))
        self.positions: dict[TP, tuple[int, int]] = {
            (t, p): (int(o), int(last)) for t, p, o, last in read.execute(
                'SELECT topic, partition, "offset", last_position FROM stream_positions')}
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="replay-writer")
        self.in_flight: _InFlight | None = None
        self.serial = False  # after a fallback: apply_batch for the rest of the replay

    def apply(self, messages: list[Message]) -> None:
        if self.serial:
            apply_batch(self.write, self.schema, messages)
            return
        by_partition: dict[TP, list[Message]] = {}
        for m in messages:
            by_partition.setdefault((m.topic, m.partition), []).append(m)
        positions = {tp: self.positions.get(tp, (-1, 0)) for tp in sorted(by_partition)}
        result = BatchResult()
        cur = StagedCursor(self.read, batched=True, defer_writes=True)
        cur.staged.defer_trends = True
        ahead = self.in_flight
        if ahead is not None:
            cur.docs.update(ahead.docs)
        try:
            reached = stage(cur, by_partition, positions, {}, result, False,
                            lambda c, envs: self._prefetch(c, envs, ahead))
        except (NeedsGuard, *PAYLOAD_ERRORS):
            self._fall_back([messages])
            return
        finally:
            cur.close()
        if not self._settle():
            self._fall_back([messages])
            return
        self.positions.update(reached)
        # what the writer will store (it empties what it writes from the staged batch)
        written = {(kind, key): doc for kind, docs in cur.staged.dirty.items()
                   for key, doc in docs.items()}
        ids = {canonical_uuid(row[0]) for row in cur.staged.audit}
        self.in_flight = _InFlight(messages, written, ids, self.writer.submit(
            self._write, cur.staged, reached, result))

    def finish(self) -> None:
        """Wait until every batch handed over is committed, then compute every trend."""
        if not self._settle():
            self._fall_back([])
        with self.write.transaction():
            self.write.execute("SELECT set_config('search_path', %s, true)", (self.schema,))
            exercise_history.refresh_all_trends(self.write)

    def close(self) -> None:
        """Stop the writer thread (after the batch in flight, if any, ends)."""
        self.writer.shutdown(wait=True)

    @staticmethod
    def _prefetch(cur: StagedCursor, envs: list[wire.Envelope], ahead: _InFlight | None) -> None:
        """What the serial apply prefetches, from the committed tables (documents the batch in
        flight handed on are in ``cur.docs`` already), plus the event ids of that batch."""
        prefetch_committed(cur, envs)
        if ahead is not None:
            assert cur.applied_ids is not None
            cur.applied_ids.update(ahead.applied_ids)

    def _write(self, staged: Staged, reached: dict[TP, tuple[int, int]],
               result: BatchResult) -> BatchResult:
        with self.write.transaction(), StagedCursor(self.write, batched=True) as cur:
            cur.execute("SELECT set_config('search_path', %s, true)", (self.schema,))
            cur.staged = staged
            for query, params in staged.writes:
                cur.execute(query, params)
            registry.flush(cur)
            for (topic, partition), (offset, last_position) in sorted(reached.items()):
                cur.execute(_POSITIONS, (topic, partition, offset, last_position))
            report_dead_letters(result, None)
        return result

    def _settle(self) -> bool:
        """Wait for the batch in flight; False (and it is still in ``in_flight``) if it
        failed, its transaction rolled back."""
        if self.in_flight is None:
            return True
        try:
            self.in_flight.done.result()
        except (NeedsGuard, *PAYLOAD_ERRORS):
            return False
        self.in_flight = None
        return True

    def _fall_back(self, later: Iterable[list[Message]]) -> None:
        """Apply the batch that failed in flight (if any) and ``later`` one by one, from the
        positions committed, and stay serial."""
        self.serial = True
        failed = self.in_flight
        if failed is not None:
            try:
                failed.done.result()
            except (NeedsGuard, *PAYLOAD_ERRORS):
                apply_batch(self.write, self.schema, failed.messages)
            self.in_flight = None
        for messages in later:
            apply_batch(self.write, self.schema, messages)

