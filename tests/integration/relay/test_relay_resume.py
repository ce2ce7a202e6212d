"""The recorded position: resume without republishing; Kafka unavailable holds it back."""

from __future__ import annotations

import time

import psycopg
from kafka import KafkaAdminClient
from kafka.admin import NewTopic

from shared.events.topics import ALL, topic_name
from tests.integration.relay.relay_support import consume
from tests.integration.relay.stories import Gym, committed
from tests.integration.relay.test_relay_delivery import check_per_key_order, wait_until_published


def recorded_position(database_url: str, name: str) -> int | None:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT last_notification_id FROM relay_positions WHERE relay_name = %s", (name,)
        ).fetchone()
    return row[0] if row else None


def test_a_restarted_relay_resumes_after_the_recorded_position(
    app, running_relay, relay_db, relay_infra, topic_prefix
):
    gym = Gym.open(app, trainers=1, clients=3)
    gym.client_events(40)
    with running_relay(topic_prefix, name="resume", map_workers=0) as relay:
        wait_until_published(relay, app)
    first_head = app.recorder.max_notification_id()
    assert recorded_position(relay_db, "resume") == first_head

    gym.client_events(30, seed=3)
    with running_relay(topic_prefix, name="resume", map_workers=0) as relay:
        wait_until_published(relay, app)
        assert relay.published == len([c for c in committed(app) if c.position > first_head])

    expected = committed(app)
    received = consume(relay_infra.kafka_bootstrap, topic_prefix, {c.event_id for c in expected})
    assert sorted(r.envelope["position"] for r in received) == [c.position for c in expected]


def test_kafka_unavailable_holds_the_position_and_the_backlog_drains_in_order(
    app, running_relay, relay_db, relay_infra
):
    # Topics that do not exist yet: every send fails until they appear (the broker never
    # auto-creates them), which is what an unreachable cluster looks like to the relay.
    prefix = f"relaylate{time.time_ns()}"
    gym = Gym.open(app, trainers=1, clients=4)
    gym.client_events(20)
    admin = KafkaAdminClient(bootstrap_servers=relay_infra.kafka_bootstrap)
    names = [topic_name(prefix, t) for t in ALL]
    try:
        with running_relay(prefix, name="late", max_block_ms=300, backoff_initial_s=0.1,
                           backoff_max_s=0.5, batch_size=10, map_workers=0) as relay:
            time.sleep(2.0)
            gym.client_events(20, seed=5)  # the write side keeps accepting commands
            assert relay.published == 0
            assert recorded_position(relay_db, "late") is None
            admin.create_topics([NewTopic(n, 6, 1) for n in names])
            wait_until_published(relay, app, timeout_s=60)
        expected = committed(app)
        received = consume(relay_infra.kafka_bootstrap, prefix, {c.event_id for c in expected})
        assert {r.envelope["event_id"] for r in received} == {c.event_id for c in expected}
        check_per_key_order(received)
    finally:
        admin.delete_topics([n for n in names if n in admin.list_topics()])
        admin.close()
