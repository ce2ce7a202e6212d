"""Publishing a batch to Kafka with the idempotent producer; success means every record acked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import structlog
from kafka import KafkaProducer
from kafka.errors import KafkaConfigurationError, KafkaError
from kafka.partitioner.default import DefaultPartitioner

from services.api.relay.messages import OutboundMessage
from services.api.relay.partitions import KeyPartitions
from services.api.relay.settings import RelaySettings

log = structlog.get_logger("relay")


class PublishFailed(RuntimeError):
    """Kafka did not acknowledge the whole batch; nothing of it may be recorded as published."""


def producer_config(settings: RelaySettings) -> dict[str, Any]:
    """Producer settings shared by the relay and the raw baseline of the benchmark."""
    return {
        "bootstrap_servers": settings.infra.kafka_bootstrap.split(","),
        # Explicit: a conflicting option then fails loudly instead of silently
        # turning idempotence off; with it kafka-python also keeps per-partition order.
        "enable_idempotence": True,
        "acks": "all",
        "linger_ms": settings.linger_ms,
        "batch_size": settings.producer_batch_bytes,
        "compression_type": settings.compression_type,
        "request_timeout_ms": settings.request_timeout_ms,
        # Far above the relay's flush timeout: batches never expire inside the producer (an
        # expired batch followed by a delivered one would reorder a partition); the relay
        # gives up first and discards the whole producer instead.
        "delivery_timeout_ms": settings.delivery_timeout_ms,
        "max_block_ms": settings.max_block_ms,
        "client_id": f"spotter-relay-{settings.name}",
    }


class KafkaPublisher:
    """Owns one producer; after any failure it is discarded and a fresh one is built."""

    def __init__(self, make_producer: Callable[[], KafkaProducer], flush_timeout_s: float) -> None:
        self._make_producer = make_producer
        self._flush_timeout_s = flush_timeout_s
        self._producer: KafkaProducer | None = None
        self._partitions: KeyPartitions | None = None  # None: the producer partitions

    def publish(self, messages: Sequence[OutboundMessage]) -> None:
        """Send in order, flush once, and return only when Kafka acknowledged every record."""
        if not messages:
            return
        try:
            producer = self._producer or self._connect()
            partitions = self._partitions
            if partitions is None:
                futures = [
                    producer.send(m.topic, value=m.value, key=m.key, headers=m.headers)
                    for m in messages
                ]
            else:
                partitions.refresh({m.topic for m in messages})
                partition = partitions.partition
                futures = [
                    producer.send(m.topic, value=m.value, key=m.key, headers=m.headers,
                                  partition=partition(m.topic, m.key))
                    for m in messages
                ]
            producer.flush(timeout=self._flush_timeout_s)
        except KafkaConfigurationError:
            raise  # a bug in our settings: fail loudly rather than retry forever
        except (KafkaError, OSError) as exc:
            self.close()
            raise PublishFailed(f"{type(exc).__name__}: {exc}") from exc
        failed = next((f for f in futures if not f.succeeded()), None)
        if failed is not None:
            self.close()
            raise PublishFailed(f"record not acknowledged: {failed.exception!r}")

    def _connect(self) -> KafkaProducer:
        self._producer = producer = self._make_producer()
        # Only the default partitioner's choice is known to be reproducible per key.
        default = type(producer.config.get("partitioner")) is DefaultPartitioner
        self._partitions = KeyPartitions(producer.partitions_for) if default else None
        return producer

    def close(self) -> None:
        """Drop the producer at once, aborting what it has not sent: nothing of it may land
        after its successor's records (those resend from the recorded position)."""
        producer, self._producer = self._producer, None
        if producer is None:
            return
        # close(timeout=0) alone raises in its flush while batches are pending and then leaves
        # the sender thread running; force-close the sender first (kafka-python 3.0 internals).
        sender = getattr(producer, "_sender", None)
        try:
            if sender is not None:
                sender.force_close()
                sender.join(5)
            producer.close(timeout=0)
        except Exception as exc:  # noqa: BLE001 - closing must not mask the original failure
            log.warning("relay.producer_close_failed", error=repr(exc))
