"""Reading the event topics from the beginning, without a consumer group (for the rebuild)."""

from __future__ import annotations

from kafka import KafkaConsumer, TopicPartition

from services.projector.batch import TP, Message

__all__ = ["TP", "KafkaReplay"]
# kafka-python's own defaults
MAX_PARTITION_FETCH_BYTES = 1 << 20
FETCH_MAX_BYTES = 50 << 20


class KafkaReplay:
    """Every partition of ``topics`` assigned manually and read from offset 0."""

    def __init__(self, bootstrap: str, topics: list[str], max_batch: int = 2000,
                 fetch_bytes: tuple[int, int] | None = None) -> None:
        """``fetch_bytes``: (per partition, per response) limits of a fetch; a response is held
        whole, raw, until its records are decoded."""
        self.max_batch = max_batch
        per_partition, per_response = fetch_bytes or (MAX_PARTITION_FETCH_BYTES, FETCH_MAX_BYTES)
        self.consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None,
                                      enable_auto_commit=False, auto_offset_reset="earliest",
                                      fetch_max_wait_ms=100,
                                      max_partition_fetch_bytes=per_partition,
                                      fetch_max_bytes=per_response)
        tps = []
        for topic in topics:
            parts = self.consumer.partitions_for_topic(topic)
            if not parts:
                # replaying nothing would swap an empty copy over the live read models
                self.consumer.close(autocommit=False)
                raise RuntimeError(f"topic {topic} not found: nothing to rebuild from")
            tps += [TopicPartition(topic, p) for p in sorted(parts)]
        self.consumer.assign(tps)
        self.consumer.seek_to_beginning(*tps)
        self.tps = tps

    def end_offsets(self) -> dict[TP, int]:
        """The offset after the last message of each partition, now."""
        return {(tp.topic, tp.partition): o
                for tp, o in self.consumer.end_offsets(self.tps).items()}

    def poll(self, timeout_ms: int = 200) -> list[Message]:
        polled = self.consumer.poll(timeout_ms=timeout_ms, max_records=self.max_batch)
        return [Message(r.topic, r.partition, r.offset, r.value, r.key,
                        tuple((k, v) for k, v in (r.headers or [])))
                for records in polled.values() for r in records]

    def close(self) -> None:
        self.consumer.close(autocommit=False)
