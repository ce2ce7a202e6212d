"""Relay throughput next to raw kafka-python produce and raw event-store append, in one run.

``python -m bench.relay_bench [n_events]`` prints a table; ``run(n_events) -> dict`` returns the
figures. Uses the PostgreSQL and Kafka of the environment (SPOTTER_* variables): a fresh
database and uniquely prefixed topics, both removed afterwards.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

from bench.raw_store import scratch_database
from services.api.relay.bootstrap import envelope_messages, relay_for
from services.api.relay.messages import OutboundMessage
from services.api.relay.publisher import producer_config
from services.api.relay.settings import RelaySettings
from shared.events.topics import ALL, topic_name
from shared.platform.logging import configure_logging
from shared.platform.settings import InfraSettings
from shared.writemodel.application import SpotterApplication
from shared.writemodel.domain.base import EventMeta
from shared.writemodel.domain.client import Client
from shared.writemodel.store import open_application

CLIENTS = 500
EVENTS_PER_SAVE = 200  # backlog build: one transaction per this many events
SINGLE_SAVES = 1000  # append-rate sample: one event per transaction, like one command


@contextmanager
def scratch_topics(infra: InfraSettings) -> Iterator[str]:
    prefix = f"relaybench{uuid.uuid4().hex[:8]}"
    names = [topic_name(prefix, t) for t in ALL]
    admin = KafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    admin.create_topics([NewTopic(n, infra.topic_partitions, 1) for n in names])
    try:
        yield prefix
    finally:
        admin.delete_topics(names)
        admin.close()


def _clients(app: SpotterApplication, meta: EventMeta, now: datetime) -> list[Client]:
    clients = [
        Client.register(client_id=uuid.uuid4(), name=f"Client {i}", trainer_id=uuid.uuid4(),
                        goals=[{"goal": "strength", "priority": 1}], experience="intermediate",
                        sessions_per_week=3, birth_year=1990, notes=None, now=now, meta=meta)
        for i in range(CLIENTS)
    ]
    for i in range(0, CLIENTS, EVENTS_PER_SAVE):
        app.save(*clients[i:i + EVENTS_PER_SAVE])
    return clients


def _append(app: SpotterApplication, clients: list[Client], n: int, per_save: int,
            meta: EventMeta, now: datetime) -> float:
    """Profile updates through the application; returns events per second."""
    started = time.perf_counter()
    pending: list[Client] = []
    for i in range(n):
        client = clients[i % len(clients)]
        client.update_profile(changes={"notes": f"note {i} " + "x" * 40}, meta=meta,
                              now=now + timedelta(milliseconds=i))
        pending.append(client)
        if len(pending) == per_save or i == n - 1:
            app.save(*pending)
            pending = []
    return n / (time.perf_counter() - started)


def _envelopes(settings: RelaySettings, app: SpotterApplication) -> list[OutboundMessage]:
    """The relay's own messages for the backlog (mapped once, untimed)."""
    to_message = envelope_messages(app, settings.infra.topic_prefix)
    messages: list[OutboundMessage] = []
    position = 0
    while batch := app.recorder.select_notifications(position, 2000, inclusive_of_start=False):
        messages += [m for note in batch if (m := to_message(note)) is not None]
        position = batch[-1].id
    return messages


def _raw_produce(settings: RelaySettings, messages: list[OutboundMessage]) -> float:
    """The same envelopes (bytes, keys, headers) sent by a bare producer: events/s."""
    n = len(messages)
    topic = topic_name(f"{settings.infra.topic_prefix}raw{uuid.uuid4().hex[:6]}", "x")
    admin = KafkaAdminClient(bootstrap_servers=settings.infra.kafka_bootstrap)
    admin.create_topics([NewTopic(topic, settings.infra.topic_partitions, 1)])
    producer = KafkaProducer(**producer_config(settings))
    try:
        started = time.perf_counter()
        for m in messages:
            producer.send(topic, value=m.value, key=m.key, headers=m.headers)
        producer.flush()
        rate = n / (time.perf_counter() - started)
    finally:
        producer.close()
        admin.delete_topics([topic])
        admin.close()
    return rate


def _relay(settings: RelaySettings, app: SpotterApplication) -> float:
    head = app.recorder.max_notification_id() or 0
    stop = threading.Event()
    relay = relay_for(settings, app, stop)
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    # Timed from leadership (mapping workers started) until the backlog is recorded as published.
    while relay.position < head and thread.is_alive():
        time.sleep(0.005)
    elapsed = time.monotonic() - (relay.active_since or 0.0)
    stop.set()
    thread.join()
    if relay.position < head:
        raise RuntimeError(f"relay stopped at {relay.position} of {head}")
    return relay.published / elapsed


def run(n_events: int = 50_000, map_workers: int | None = None) -> dict[str, Any]:
    infra = InfraSettings()
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    meta = EventMeta(organization_id=str(uuid.uuid4()), actor_kind="service",
                     actor_id="relay-bench", correlation_id="bench")
    with scratch_database(infra, "relay") as url, scratch_topics(infra) as prefix:
        settings = RelaySettings(
            infra=infra.model_copy(update={"database_url": url, "topic_prefix": prefix}),
            name="bench", create_table=True,  # a scratch database, not migrated
        )
        if map_workers is not None:
            settings = settings.model_copy(update={"map_workers": map_workers})
        app = open_application(url, create_table=True)
        try:
            clients = _clients(app, meta, now)
            single = _append(app, clients, SINGLE_SAVES, 1, meta, now)
            bulk = _append(app, clients, n_events - SINGLE_SAVES - CLIENTS, EVENTS_PER_SAVE,
                           meta, now)
            messages = _envelopes(settings, app)
            # Raw produce before and after the relay: the machine is shared, so average drift.
            produce_before = _raw_produce(settings, messages)
            relay = _relay(settings, app)
            produce = (produce_before + _raw_produce(settings, messages)) / 2
        finally:
            app.close()
    return {
        "n_events": n_events, "map_workers": settings.map_workers,
        "envelope_bytes": sum(len(m.value) for m in messages) // len(messages),
        "append_one_per_save_events_per_s": round(single),
        f"append_{EVENTS_PER_SAVE}_per_save_events_per_s": round(bulk),
        "raw_produce_events_per_s": round(produce),
        "relay_events_per_s": round(relay),
        "relay_vs_raw_produce": round(relay / produce, 3),
        "relay_vs_append_one_per_save": round(relay / single, 3),
    }


def main() -> None:
    configure_logging("relay-bench", "WARNING")
    logging.getLogger("kafka").setLevel(logging.WARNING)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    result = run(n, int(sys.argv[2]) if len(sys.argv) > 2 else None)
    width = max(len(k) for k in result)
    sys.stdout.write("\n".join(f"{k:<{width}}  {v}" for k, v in result.items()) + "\n")
    sys.stdout.write("targets: relay >= 5000 events/s and >= 0.5 of raw produce\n")


if __name__ == "__main__":
    main()
