"""The local broker does what the services rely on: per-key order and committed offsets."""

from __future__ import annotations

import uuid
from collections import defaultdict

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

KEYS = [f"client-{n}" for n in range(5)]
PER_KEY = 20


def produce(bootstrap: str, topic: str) -> list[tuple[str, int]]:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", linger_ms=5
    )
    sent = []
    try:
        for seq in range(PER_KEY):
            for key in KEYS:
                producer.send(topic, key=key.encode(), value=str(seq).encode())
                sent.append((key, seq))
        producer.flush(timeout=30)
    finally:
        producer.close()
    return sent


def consumer(bootstrap: str, topic: str, group: str) -> KafkaConsumer:
    return KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=100,
    )


def take(cons: KafkaConsumer, at_least: int, polls: int = 100) -> list:
    records: list = []
    for _ in range(polls):
        for batch in cons.poll(timeout_ms=500, max_records=at_least - len(records)).values():
            records.extend(batch)
        if len(records) >= at_least:
            break
    return records


def by_key(records: list) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = defaultdict(list)
    for record in records:
        seen[record.key.decode()].append(int(record.value))
    return seen


def test_keyed_messages_keep_per_key_order_and_committed_offsets_resume(
    kafka_bootstrap, unique_topic
):
    topic = unique_topic(partitions=3)
    total = len(produce(kafka_bootstrap, topic))
    group = f"test-group-{uuid.uuid4().hex[:8]}"

    first = consumer(kafka_bootstrap, topic, group)
    try:
        head = take(first, at_least=total // 2)
        assert len(head) == total // 2
        first.commit()
        committed = {tp: first.committed(tp) for tp in first.assignment()}
    finally:
        first.close()

    # The committed offset of each partition is one past the last record handed out there.
    assert {tp.partition for tp in committed} == {0, 1, 2}
    for tp, offset in committed.items():
        handed_out = [r.offset for r in head if r.partition == tp.partition]
        assert (offset or 0) == (max(handed_out) + 1 if handed_out else 0)

    second = consumer(kafka_bootstrap, topic, group)
    try:
        tail = take(second, at_least=total - len(head))
        extra = take(second, at_least=1, polls=3)
    finally:
        second.close()

    assert extra == [], "nothing should remain after the rest was read"
    positions = [(r.partition, r.offset) for r in head + tail]
    assert len(positions) == len(set(positions)) == total, "no record lost or read twice"
    for key, seqs in by_key(head + tail).items():
        assert seqs == list(range(PER_KEY)), f"{key} out of order"
    # A key always lands on the same partition.
    partitions_of = defaultdict(set)
    for record in head + tail:
        partitions_of[record.key].add(record.partition)
    assert all(len(parts) == 1 for parts in partitions_of.values())


def test_topic_has_the_requested_partitions(kafka_bootstrap, unique_topic):
    topic = unique_topic(partitions=4)
    cons = KafkaConsumer(bootstrap_servers=kafka_bootstrap)
    try:
        assert cons.partitions_for_topic(topic) == {0, 1, 2, 3}
        end = cons.end_offsets([TopicPartition(topic, p) for p in range(4)])
        assert set(end.values()) == {0}
    finally:
        cons.close()
