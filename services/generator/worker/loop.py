"""The consumer loop: poll, process one record at a time, commit after each, stop on request.
With concurrency > 1 the pipeline (pipeline.py) runs different keys side by side instead."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

import structlog
from kafka import KafkaConsumer
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition

from services.generator.worker import metrics
from services.generator.worker.pipeline import PartitionPipeline
from services.generator.worker.processing import wanted
from shared.platform.kafka_watchdog import ConsumerWatchdog

log = structlog.get_logger(__name__)

_BUSY_POLL_MS = 20
_CLOSE_TIMEOUT_MS = 5_000
# The lag gauge is refreshed at most this often: per poll (every 20 ms while busy) it cost
# about 7 % of the worker's CPU, for a metric scraped every few seconds.
_LAG_EVERY_S = 1.0


class _LagGauge:
    def __init__(self) -> None:
        self._updated_at = float("-inf")

    def update(self, consumer: KafkaConsumer) -> None:
        now = time.monotonic()
        if now - self._updated_at < _LAG_EVERY_S:
            return
        self._updated_at = now
        try:
            for tp in consumer.assignment():
                high = consumer.highwater(tp)
                # Bounded: position() may need the coordinator, which can be away (a broker
                # restart).
                position = consumer.position(tp, timeout_ms=1_000) if high is not None else None
                if high is not None and position is not None:
                    metrics.CONSUMER_LAG.labels(partition=f"{tp.topic}:{tp.partition}").set(
                        max(0, high - position))
        except KafkaError as exc:  # only a metric: never let it stop the loop
            log.info("lag_update_failed", error=type(exc).__name__)


def _commit(consumer: KafkaConsumer, record: Any) -> None:
    tp = TopicPartition(record.topic, record.partition)
    try:
        consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "", -1)})
    except KafkaError as exc:
        # E.g. the group rebalanced while we worked: the new owner may redeliver this record,
        # and the session aggregate will refuse a second result. A later commit covers it.
        log.warning("commit_failed", partition=record.partition, offset=record.offset,
                    error=type(exc).__name__)


def _drain(consumer: KafkaConsumer, records: list[Any], process: Callable[[Any], str],
           stop: threading.Event) -> int:
    """Process one partition's records in order; stop early on a stop or a failure."""
    done = 0
    for record in records:
        if stop.is_set():
            break  # not started: left uncommitted for whoever owns the partition next
        try:
            label = process(record)
        except Exception as exc:  # e.g. the dead-letter topic is unreachable
            # Not committed: rewind this partition so the record is polled again.
            log.exception("record_not_processed", error=type(exc).__name__)
            consumer.seek(TopicPartition(record.topic, record.partition), record.offset)
            stop.wait(1.0)
            break
        if label == "stopped":
            break
        _commit(consumer, record)
        done += 1
    return done


def run(consumer: KafkaConsumer, process: Callable[[Any], str], stop: threading.Event,
        poll_timeout_ms: int = 500, concurrency: int = 1, *,
        reopen: Callable[[], KafkaConsumer] | None = None,
        watchdog: ConsumerWatchdog | None = None, buffer_cap: int = 64) -> int:
    """Process until ``stop`` is set; the records in flight are finished and committed first.
    With ``concurrency`` > 1, up to that many keys (clients) are handled side by side, each in
    order; a partition holding ``buffer_cap`` unfinished records is paused until it drains.
    With ``reopen``, a consumer that the watchdog finds stuck is closed and replaced by a new
    one (which resumes from the committed offsets); the loop closes the consumers it opened."""
    guard = _Guard(consumer, reopen, watchdog or ConsumerWatchdog())
    try:
        if concurrency > 1:
            return _run_pipelined(guard, process, stop, poll_timeout_ms, concurrency, buffer_cap)
        handled = 0
        lag = _LagGauge()
        while not stop.is_set():
            batch = guard.poll(stop, poll_timeout_ms)
            for records in batch.values():
                handled += _drain(guard.consumer, records, process, stop)
            lag.update(guard.consumer)
            if guard.stuck(batch):
                guard.replace()
        return handled
    finally:
        guard.close_opened()


def _run_pipelined(guard: _Guard, process: Callable[[Any], str],
                   stop: threading.Event, poll_timeout_ms: int, concurrency: int,
                   buffer_cap: int) -> int:
    pipeline = PartitionPipeline(process, stop, concurrency, wanted=wanted,
                                 buffer_cap=buffer_cap)
    # Re-subscribing before the first poll only adds the listener (waits on revocation).
    guard.listen(pipeline)
    handled = 0
    lag = _LagGauge()
    try:
        while not stop.is_set():
            # Short polls while work is in flight: finished records are committed promptly.
            timeout = min(poll_timeout_ms, _BUSY_POLL_MS) if pipeline.busy else poll_timeout_ms
            batch = guard.poll(stop, timeout)
            handled += pipeline.settle(guard.consumer)
            handled += pipeline.submit(guard.consumer, batch)
            lag.update(guard.consumer)
            if guard.stuck(batch):
                # Let the work in flight finish first: its partitions must not start elsewhere
                # (or on the new consumer) while a record of theirs is still being generated.
                while pipeline.busy and not stop.is_set():
                    stop.wait(0.05)
                    handled += pipeline.settle(guard.consumer)
                if guard.replace():
                    pipeline.reset()  # the new consumer starts from the committed offsets
                guard.listen(pipeline)
    finally:
        handled += pipeline.close(guard.consumer)
    return handled


class _Guard:
    """The current consumer, and its replacement when the watchdog finds it stuck."""

    def __init__(self, consumer: KafkaConsumer, reopen: Callable[[], KafkaConsumer] | None,
                 watchdog: ConsumerWatchdog) -> None:
        self.consumer = consumer
        self._reopen = reopen
        self._watchdog = watchdog
        self._opened = False
        self._poll_failed = False
        self.replaced = 0

    def listen(self, listener: Any) -> None:
        self.consumer.subscribe(topics=sorted(self.consumer.subscription() or ()),
                                listener=listener)

    def stuck(self, batch: dict[Any, Any]) -> bool:
        if self._reopen is None:
            return False
        polled = sum(len(records) for records in batch.values())
        return self._watchdog.observe(self.consumer, polled, self._poll_failed)

    def poll(self, stop: threading.Event, timeout_ms: int) -> dict[Any, Any]:
        try:
            batch = self.consumer.poll(timeout_ms=timeout_ms)
        except KafkaError as exc:
            log.warning("poll_failed", error=type(exc).__name__)
            self._poll_failed = True
            stop.wait(1.0)
            return {}
        self._poll_failed = False
        return batch

    def replace(self) -> bool:
        assert self._reopen is not None
        self._watchdog.reset()
        try:
            fresh = self._reopen()  # first: if the broker is still away, keep the old one
        except Exception as exc:
            log.warning("consumer_reopen_failed", error=type(exc).__name__)
            return False
        old = self.consumer
        try:
            old.close(autocommit=False, timeout_ms=_CLOSE_TIMEOUT_MS)
        except Exception as exc:  # a broken consumer may fail to close: it is dropped anyway
            log.warning("consumer_close_failed", error=type(exc).__name__)
        self.consumer = fresh
        self._opened = True
        self.replaced += 1
        log.warning("consumer_replaced", times=self.replaced)
        return True

    def close_opened(self) -> None:
        if self._opened:
            self.consumer.close(autocommit=False, timeout_ms=_CLOSE_TIMEOUT_MS)

