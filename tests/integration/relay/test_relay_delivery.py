"""Every committed event reaches Kafka once, in per-client order, as the documented envelope."""

from __future__ import annotations

import time
from collections import defaultdict

from shared.writemodel.application import SpotterApplication
from tests.integration.relay.relay_support import Received, consume
from tests.integration.relay.stories import Gym, committed

ENVELOPE_FIELDS = {
    "event_id", "type", "schema_version", "occurred_at", "organization_id", "actor",
    "aggregate_type", "aggregate_id", "aggregate_version", "client_id", "correlation_id",
    "causation_id", "position", "payload",
}
TOPIC_BY_TYPE_PREFIX = {
    "organization": "organizations.v1", "api_key": "organizations.v1",
    "trainer": "trainers.v1", "client": "clients.v1", "roadmap": "clients.v1",
    "session": "clients.v1",
}


def wait_until_published(relay, app: SpotterApplication, timeout_s: float = 60.0) -> None:
    head = app.recorder.max_notification_id() or 0
    deadline = time.monotonic() + timeout_s
    while relay.position < head:
        assert time.monotonic() < deadline, f"relay at {relay.position}, log head {head}"
        time.sleep(0.05)


def check_per_key_order(received: list[Received]) -> None:
    """Each key lives on one partition, and its positions only grow (first copy of each event)."""
    seen: set[str] = set()
    partitions: dict[str, set[tuple[str, int]]] = defaultdict(set)
    last: dict[str, int] = {}
    for r in sorted(received, key=lambda r: (r.topic, r.partition, r.offset)):
        partitions[r.key].add((r.topic, r.partition))
        if r.envelope["event_id"] in seen:
            continue
        seen.add(r.envelope["event_id"])
        assert r.envelope["position"] > last.get(r.key, 0), f"out of order for key {r.key}"
        last[r.key] = r.envelope["position"]
    assert all(len(p) == 1 for p in partitions.values()), "a key spans several partitions"


def test_every_committed_event_arrives_exactly_once_in_client_order(
    app, running_relay, relay_infra, topic_prefix
):
    gym = Gym.open(app, trainers=2, clients=6)
    gym.client_events(120)  # a backlog before the relay starts
    with running_relay(topic_prefix, batch_size=50) as relay:  # mapping in a worker process
        wait_until_published(relay, app)
        gym.client_events(60, seed=11)  # and live events while it tails the log
        gym.register_client(99)
        wait_until_published(relay, app)

    expected = committed(app)
    received = consume(relay_infra.kafka_bootstrap, topic_prefix,
                       {c.event_id for c in expected})
    assert len(received) == len(expected)  # a clean run: not even duplicates
    assert {r.envelope["event_id"] for r in received} == {c.event_id for c in expected}
    # idempotency records are internal: the log holds more than what was published
    assert len(expected) < (app.recorder.max_notification_id() or 0)

    by_id = {c.event_id: c for c in expected}
    for r in received:
        env, want = r.envelope, by_id[r.envelope["event_id"]]
        assert set(env) == ENVELOPE_FIELDS
        assert env["position"] == want.position and r.key == want.key
        assert r.topic == f"{topic_prefix}.{TOPIC_BY_TYPE_PREFIX[env['type'].split('.')[0]]}"
        if r.topic.endswith("clients.v1"):
            assert r.key == env["client_id"]
        assert r.headers == {
            "event_type": env["type"], "schema_version": str(env["schema_version"]),
            "event_id": env["event_id"], "correlation_id": env["correlation_id"],
            "position": str(env["position"]), "content_type": "application/json",
        }
    check_per_key_order(received)


def test_a_commit_wakes_the_relay_without_waiting_for_the_poll(
    app, running_relay, relay_infra, topic_prefix
):
    gym = Gym.open(app, trainers=1, clients=1)
    with running_relay(topic_prefix, poll_interval_s=30.0, map_workers=0) as relay:
        wait_until_published(relay, app)
        time.sleep(0.5)  # idle: the relay now waits on LISTEN, its poll 30 s away
        started = time.monotonic()
        gym.client_events(1)
        wait_until_published(relay, app, timeout_s=5.0)
        assert time.monotonic() - started < 5.0
    expected = committed(app)
    received = consume(relay_infra.kafka_bootstrap, topic_prefix,
                       {c.event_id for c in expected})
    assert {r.envelope["event_id"] for r in received} == {c.event_id for c in expected}
