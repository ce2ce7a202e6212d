"""Raw kafka-python figures: a bare producer's and a bare consumer's events/s, the ceilings the
relay and the projector are compared with; plus the topic housekeeping of the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

Message = tuple[str, bytes, bytes, list[tuple[str, bytes]]]  # topic, key, value, headers


def create_topics(bootstrap: str, names: list[str], partitions: int) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(n, partitions, 1) for n in names])
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


def delete_topics(bootstrap: str, names: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        existing = set(admin.list_topics())
        doomed = [n for n in names if n in existing]
        if doomed:
            admin.delete_topics(doomed)
    finally:
        admin.close()


def list_topics(bootstrap: str) -> set[str]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return set(admin.list_topics())
    finally:
        admin.close()


def produce(bootstrap: str, messages: Iterable[Message]) -> tuple[int, float]:
    """Send every message with large batches and leader acks; (count, events/s)."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=20,
                             batch_size=512 * 1024, max_request_size=4 * 1024 * 1024)
    count = 0
    try:
        began = time.perf_counter()
        for topic, key, value, headers in messages:
            producer.send(topic, value=value, key=key, headers=headers)
            count += 1
        producer.flush()
        elapsed = time.perf_counter() - began
    finally:
        producer.close()
    return count, count / elapsed if elapsed > 0 else 0.0


def end_offsets(bootstrap: str, topics: list[str]) -> dict[tuple[str, int], int]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None,
                             enable_auto_commit=False)
    try:
        tps = _partitions(consumer, topics)
        return {(tp.topic, tp.partition): o for tp, o in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()


def consume_rate(bootstrap: str, topics: list[str], max_batch: int = 2000) -> dict[str, Any]:
    """Read ``topics`` from the beginning to their current end with a bare consumer (the same
    settings as the projector's replay), without doing anything with the records."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None,
                             enable_auto_commit=False, auto_offset_reset="earliest",
                             fetch_max_wait_ms=100)
    try:
        tps = _partitions(consumer, topics)
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        remaining = {tp: end for tp, end in consumer.end_offsets(tps).items() if end > 0}
        total = count = 0
        began = time.perf_counter()
        while remaining:
            polled = consumer.poll(timeout_ms=500, max_records=max_batch)
            for tp, records in polled.items():
                count += len(records)
                total += sum(len(r.value or b"") for r in records)
                if tp in remaining and records[-1].offset + 1 >= remaining[tp]:
                    del remaining[tp]
            if not polled and time.perf_counter() - began > 600:
                raise RuntimeError("raw consume stalled")
        elapsed = time.perf_counter() - began
    finally:
        consumer.close()
    return {"events": count, "bytes": total, "seconds": round(elapsed, 2),
            "events_per_s": round(count / elapsed, 1) if elapsed > 0 else 0.0}


def _partitions(consumer: KafkaConsumer, topics: list[str]) -> list[TopicPartition]:
    tps = []
    for topic in topics:
        tps += [TopicPartition(topic, p)
                for p in sorted(consumer.partitions_for_topic(topic) or ())]
    return tps
