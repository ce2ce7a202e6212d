"""The consumer loop: poll, process one record at a time, commit after each, stop on request."""

from __future__ import annotations

import threading
from typing import Any, Callable

import structlog
from kafka import KafkaConsumer
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition

from services.generator.worker import metrics

log = structlog.get_logger(__name__)


def _update_lag(consumer: KafkaConsumer) -> None:
    for tp in consumer.assignment():
        high = consumer.highwater(tp)
        if high is not None:
            metrics.CONSUMER_LAG.labels(partition=f"{tp.topic}:{tp.partition}").set(
                max(0, high - consumer.position(tp)))


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
        poll_timeout_ms: int = 500) -> int:
    """Process until ``stop`` is set; the record in flight is finished and committed first."""
    handled = 0
    while not stop.is_set():
        try:
            batch = consumer.poll(timeout_ms=poll_timeout_ms)
        except KafkaError as exc:
            log.warning("poll_failed", error=type(exc).__name__)
            stop.wait(1.0)
            continue
        for records in batch.values():
            handled += _drain(consumer, records, process, stop)
        _update_lag(consumer)
    return handled
