"""Send a message the worker cannot process to the dead-letter topic, reason in the headers."""

from __future__ import annotations

from typing import Any

from kafka import KafkaProducer

from services.generator.worker import metrics

SEND_TIMEOUT_S = 10


def dead_letter(producer: KafkaProducer, topic: str, record: Any, reason: str,
                attempts: int, consumer_group: str) -> None:
    """Publish and wait for the ack: the offset is committed only after this returns."""
    headers = list(record.headers or []) + [
        ("dlq_reason", reason[:500].encode()),
        ("dlq_source_topic", str(record.topic).encode()),
        ("dlq_source_partition", str(record.partition).encode()),
        ("dlq_source_offset", str(record.offset).encode()),
        ("dlq_attempts", str(attempts).encode()),
        ("dlq_consumer_group", consumer_group.encode()),
    ]
    producer.send(topic, key=record.key, value=record.value, headers=headers).get(
        timeout=SEND_TIMEOUT_S)
    metrics.DEAD_LETTERED.inc()
