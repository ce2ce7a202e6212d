"""Partitions handled side by side while the consumer keeps polling the others.

Records of one partition are processed in order by one task at a time; other partitions go on
in parallel (a client's requests share a partition; the work is mostly database round trips,
which release the GIL). A partition with work in flight is paused, so the next poll cannot
hand out its later records early. The consumer is not thread-safe: only the polling thread
commits, seeks, pauses and resumes; workers report what they finished through a queue.

Rebalance: this object is the consumer's rebalance listener. On revocation it waits (bounded)
for the revoked partitions' work in flight, so the next owner never starts a partition's record
while an earlier one is still being generated here. Their commits may then fail; the new owner
redelivers those records and finds the sessions answered ("duplicate").
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_all
from typing import Any

import structlog
from kafka import KafkaConsumer
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition

log = structlog.get_logger(__name__)



class PartitionPipeline(ConsumerRebalanceListener):
    def __init__(self, process: Callable[[Any], str], stop: threading.Event, concurrency: int,
                 *, wanted: Callable[[Any], bool] = lambda record: True,
                 failure_pause_s: float = 1.0, revoke_wait_s: float = 5.0) -> None:
        self._process = process
        self._wanted = wanted
        self._stop = stop
        self._failure_pause_s = failure_pause_s
        self._revoke_wait_s = revoke_wait_s
        self._pool = ThreadPoolExecutor(concurrency, "partition")
        self._inflight: dict[TopicPartition, Future[Any]] = {}
        self._finished: queue.SimpleQueue[Any] = queue.SimpleQueue()

    @property
    def busy(self) -> bool:
        return bool(self._inflight)

    def submit(self, consumer: KafkaConsumer, batch: dict[TopicPartition, list[Any]]) -> int:
        """Start each partition's records; what finished meanwhile is settled first."""
        handled = 0
        for tp, records in batch.items():
            if tp not in self._inflight and not any(map(self._wanted, records)):
                # Nothing to generate (e.g. the client's other events): no need to pause the
                # partition for a worker; committed with the next settle.
                for record in records:
                    self._finished.put(record)
                continue
            earlier = self._inflight.get(tp)
            if earlier is not None:  # defensive: a paused partition should yield nothing
                earlier.result()
                handled += self.settle(consumer)
            consumer.pause(tp)
            self._inflight[tp] = self._pool.submit(self._work, records)
        return handled

    def settle(self, consumer: KafkaConsumer, *, wait: bool = False) -> int:
        """Commit finished records (one commit, asynchronous unless ``wait``: the poll thread
        must not stall on it); rewind (after a failure) and resume finished partitions."""
        done = [tp for tp, f in self._inflight.items() if f.done()]
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        committed = 0
        while True:  # every record of a done task is already queued: commit before resuming
            try:
                record = self._finished.get_nowait()
            except queue.Empty:
                break
            # Records of a partition finish in order: the last one queued is the highest.
            offsets[TopicPartition(record.topic, record.partition)] = OffsetAndMetadata(
                record.offset + 1, "", -1)
            committed += 1
        if offsets:
            self._commit(consumer, offsets, wait)
        assigned = consumer.assignment()
        for tp in done:
            failed = self._inflight.pop(tp).result()
            if tp not in assigned:
                continue  # revoked meanwhile: the new owner starts from the committed offset
            if failed is not None:
                consumer.seek(tp, failed.offset)  # polled again, after the pause in _work
            consumer.resume(tp)
        return committed

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

    def close(self, consumer: KafkaConsumer) -> int:
        """Finish what is in flight (no new record starts once ``stop`` is set), commit it."""
        wait_all(list(self._inflight.values()))
        handled = self.settle(consumer, wait=True)
        self._pool.shutdown(wait=True)
        return handled

    def on_partitions_revoked(self, revoked: Any) -> None:
        pending = [f for tp, f in self._inflight.items() if tp in set(revoked)]
        if pending:
            _, late = wait_all(pending, timeout=self._revoke_wait_s)
            log.info("revoked_with_work_in_flight", partitions=len(pending), unfinished=len(late))

    def on_partitions_assigned(self, assigned: Any) -> None:
        pass

    def _work(self, records: list[Any]) -> Any | None:
        """Process in order, queueing each committable record; the failed record, if any."""
        for record in records:
            if self._stop.is_set():
                return None  # not started: left uncommitted for whoever owns it next
            try:
                label = self._process(record)
            except Exception as exc:  # e.g. the dead-letter topic is unreachable
                log.exception("record_not_processed", error=type(exc).__name__)
                self._stop.wait(self._failure_pause_s)
                return record
            if label == "stopped":
                return None
            self._finished.put(record)
        return None


def _log_failed_commit(offsets: Any, response: Any) -> None:
    if isinstance(response, Exception):
        log.warning("commit_failed", partitions=len(offsets), error=type(response).__name__)
