"""On real PostgreSQL and Kafka: the relay's records are byte for byte the validating path's."""

from __future__ import annotations

import time

from kafka import KafkaConsumer
from kafka.partitioner.default import murmur2

from services.api.relay.bootstrap import validating_messages
from shared.events.registry import EVENT_MODELS
from shared.events.topics import ALL, topic_name
from shared.writemodel.application import SpotterApplication
from tests.integration.relay.test_relay_delivery import wait_until_published
from tests.unit.writemodel.wm_world import build_world, drive_every_event_type

Record = tuple[str, bytes, bytes, tuple[tuple[str, bytes], ...]]


def raw_records(bootstrap: str, prefix: str, count: int, timeout_s: float = 60.0
                ) -> list[tuple[Record, int, int]]:
    """``(topic, key, value, headers)`` with partition and partition count, as Kafka holds them."""
    topics = [topic_name(prefix, t) for t in ALL]
    consumer = KafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None,
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             fetch_max_wait_ms=100, consumer_timeout_ms=1000)
    out: list[tuple[Record, int, int]] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(out) < count and time.monotonic() < deadline:
            for r in consumer:
                partitions = len(consumer.partitions_for_topic(r.topic) or ())
                out.append(((r.topic, r.key, r.value, tuple(r.headers)), r.partition,
                            partitions))
    finally:
        consumer.close()
    return out


def test_every_event_type_reaches_kafka_exactly_as_the_validating_path_writes_it(
    app: SpotterApplication, running_relay, relay_infra, topic_prefix
) -> None:
    world = build_world(app)
    drive_every_event_type(world)
    drive_every_event_type(world)
    reference = validating_messages(app, topic_prefix)
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    expected = [m for n in notifications if (m := reference(n)) is not None]
    assert {m.headers[0][1].decode() for m in expected} == set(EVENT_MODELS)

    # Every batch through a mapping worker process (spawned, so it maps like production).
    with running_relay(topic_prefix, map_workers=1, map_inline_max=0, batch_size=20) as relay:
        wait_until_published(relay, app)
    received = raw_records(relay_infra.kafka_bootstrap, topic_prefix, len(expected))

    want = sorted((m.topic, m.key, m.value, tuple(m.headers)) for m in expected)
    assert sorted(record for record, _, _ in received) == want
    for (_, key, _, _), partition, count in received:
        # the default partitioner's rule, so keys stay where they always were
        assert partition == (murmur2(key) & 0x7FFFFFFF) % count


def test_the_log_reads_what_the_recorder_selects(app: SpotterApplication) -> None:
    from services.api.relay.source import NotificationLog

    drive_every_event_type(build_world(app))
    log = NotificationLog(app.recorder)
    for position, limit in ((0, 10_000), (0, 7), (5, 3), (10_000, 5)):
        assert list(log.after(position, limit)) == list(app.recorder.select_notifications(
            start=position, limit=limit, inclusive_of_start=False))
    assert log.after(0, 10_000)[-1].id == log.head()
