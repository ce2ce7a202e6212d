"""Records handled side by side while the consumer keeps polling.

Records of one key (a client: its requests share a partition) run one at a time and in order;
different keys, of one partition or of several, run in parallel (the work is mostly database
round trips, which release the GIL). Partitions stay unpaused, so a request never waits for
another client's: a partition is paused only when it holds ``buffer_cap`` records (bounded
memory) or after a failure. Each partition commits up to its lowest unfinished offset, never
past it: a crash redelivers at worst records already answered ("duplicate").

The consumer is not thread-safe: only the polling thread commits, seeks, pauses and resumes;
workers only update the ledgers, under one lock, and start the next record of their key.

Rebalance: this object is the consumer's rebalance listener. On revocation it drops the revoked
partitions' queued records and waits (bounded) for their running ones, so the next owner never
starts a record while an earlier one of its key is still being generated here. Late ones are
redelivered to the new owner and found answered ("duplicate").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import structlog
from kafka import KafkaConsumer
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition

from services.generator.worker.ledger import PartitionLedger

log = structlog.get_logger(__name__)


class PartitionPipeline(ConsumerRebalanceListener):
    def __init__(self, process: Callable[[Any], str], stop: threading.Event, concurrency: int,
                 *, wanted: Callable[[Any], bool] = lambda record: True,
                 failure_pause_s: float = 1.0, revoke_wait_s: float = 5.0,
                 buffer_cap: int = 64) -> None:
        self._process = process
        self._wanted = wanted
        self._stop = stop
        self._failure_pause_s = failure_pause_s
        self._revoke_wait_s = revoke_wait_s
        self._cap = buffer_cap
        self._pool = ThreadPoolExecutor(concurrency, "partition")
        self._lock = threading.Condition()  # guards the ledgers; notified when a record ends
        self._ledgers: dict[TopicPartition, PartitionLedger] = {}
        # Commit points of revoked partitions, for the next settle (see on_partitions_revoked).
        self._late_commits: dict[TopicPartition, OffsetAndMetadata] = {}
        self._paused: set[TopicPartition] = set()

    @property
    def busy(self) -> bool:
        with self._lock:
            return any(ledger.size or ledger.running for ledger in self._ledgers.values())

    def submit(self, consumer: KafkaConsumer, batch: dict[TopicPartition, list[Any]]) -> int:
        """Take in a poll's records, start those whose key is idle, pause full partitions."""
        starts: list[tuple[PartitionLedger, Any, int]] = []
        full: list[TopicPartition] = []
        with self._lock:
            for tp, records in batch.items():
                ledger = self._ledgers.setdefault(tp, PartitionLedger())
                for record in records:
                    if (start := ledger.take(record, wanted=self._wanted(record))) is not None:
                        starts.append((ledger, start, ledger.epoch))
                if ledger.size >= self._cap:
                    full.append(tp)
        for ledger, record, epoch in starts:
            self._pool.submit(self._run_key, ledger, record, epoch)
        self._pause(consumer, full)
        return 0

    def settle(self, consumer: KafkaConsumer, *, wait: bool = False) -> int:
        """Commit each partition up to its lowest unfinished record (one commit, asynchronous
        unless ``wait``: the poll thread must not stall on it); rewind after a failure once its
        partition is idle; resume partitions no longer full. Returns records newly finished."""
        assigned = consumer.assignment()
        offsets = {tp: meta for tp, meta in self._late_commits.items() if tp in assigned}
        self._late_commits.clear()
        rewinds: dict[TopicPartition, int] = {}
        halted: list[TopicPartition] = []
        resumable: list[TopicPartition] = []
        finished = 0
        with self._lock:
            for tp, ledger in self._ledgers.items():
                finished += ledger.take_finished_count()
                if tp not in assigned:
                    continue  # revoked: its commit point was taken then
                if ledger.failed is not None:
                    target = ledger.rewind()
                    if target is None:
                        halted.append(tp)
                        continue
                    rewinds[tp] = target
                if (point := ledger.commit_point()) is not None:
                    offsets[tp] = OffsetAndMetadata(point, "", -1)
                if tp in self._paused and ledger.size < self._cap:
                    resumable.append(tp)
        if offsets:
            self._commit(consumer, offsets, wait)
        self._pause(consumer, halted)
        for tp, target in rewinds.items():
            if tp in assigned:
                consumer.seek(tp, target)  # polled again: the failed record is retried
        self._resume(consumer, [tp for tp in (*rewinds, *resumable) if tp in assigned])
        return finished

    def close(self, consumer: KafkaConsumer) -> int:
        """Finish what is running (no new record starts once ``stop`` is set), commit it."""
        with self._lock:
            self._lock.wait_for(lambda: not any(lg.running for lg in self._ledgers.values()))
        handled = self.settle(consumer, wait=True)
        self._pool.shutdown(wait=True)
        return handled

    def reset(self) -> None:
        """A new consumer resumes from the committed offsets: forget positions and queues."""
        with self._lock:
            for ledger in self._ledgers.values():
                ledger.reset(None)
        self._paused.clear()

    def on_partitions_revoked(self, revoked: Any) -> None:
        # Runs inside the consumer's event loop: no consumer call here (a commit would re-enter
        # it). What finished is committed by the next settle, if the partition is still ours.
        revoked = set(revoked)
        with self._lock:
            ledgers = {tp: lg for tp, lg in self._ledgers.items() if tp in revoked}
            for ledger in ledgers.values():
                ledger.drop_queued()
            running = sum(lg.running for lg in ledgers.values())
            if running:
                self._lock.wait_for(lambda: not any(lg.running for lg in ledgers.values()),
                                    timeout=self._revoke_wait_s)
                log.info("revoked_with_work_in_flight", records=running,
                         unfinished=sum(lg.running for lg in ledgers.values()))
            for tp, ledger in ledgers.items():
                if (point := ledger.commit_point()) is not None:
                    self._late_commits[tp] = OffsetAndMetadata(point, "", -1)
                ledger.reset(None)  # late records still hold their keys until they end
        self._paused -= revoked

    def on_partitions_assigned(self, assigned: Any) -> None:
        pass

    def _run_key(self, ledger: PartitionLedger, record: Any, epoch: int) -> None:
        """Run a key's records in order until its queue is empty (or a stop or a failure)."""
        while record is not None:
            if self._stop.is_set():
                with self._lock:
                    ledger.release(record)  # not started: left for whoever owns it next
                    self._lock.notify_all()
                return
            try:
                label = self._process(record)
            except Exception as exc:  # e.g. the dead-letter topic is unreachable
                log.exception("record_not_processed", error=type(exc).__name__)
                self._stop.wait(self._failure_pause_s)
                with self._lock:
                    record = ledger.fail(record, epoch)
                    epoch = ledger.epoch
                    self._lock.notify_all()
                continue
            with self._lock:
                if label == "stopped":
                    ledger.release(record)
                    record = None
                else:
                    record = ledger.finish(record, epoch)
                    epoch = ledger.epoch
                self._lock.notify_all()

    def _pause(self, consumer: KafkaConsumer, tps: list[TopicPartition]) -> None:
        fresh = [tp for tp in tps if tp not in self._paused and tp in consumer.assignment()]
        if fresh:
            consumer.pause(*fresh)
            self._paused.update(fresh)

    def _resume(self, consumer: KafkaConsumer, tps: list[TopicPartition]) -> None:
        if tps:
            consumer.resume(*tps)
            self._paused.difference_update(tps)

    def _commit(self, consumer: KafkaConsumer, offsets: dict[TopicPartition, OffsetAndMetadata],
                wait: bool) -> None:
        # A lost commit only means a redelivery, which finds the session answered (duplicate).
        try:
            if wait:
                consumer.commit(offsets)
            else:
                consumer.commit_async(offsets, callback=_log_failed_commit)
        except KafkaError as exc:
            log.warning("commit_failed", partitions=len(offsets), error=type(exc).__name__)


def _log_failed_commit(offsets: Any, response: Any) -> None:
    if isinstance(response, Exception):
        log.warning("commit_failed", partitions=len(offsets), error=type(response).__name__)
