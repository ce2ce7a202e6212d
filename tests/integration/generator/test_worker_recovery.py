"""The worker resumes by itself: after its PostgreSQL connections are killed by the server
(admin shutdown, as in a restart) and when its Kafka consumer is stuck (replaced by a new one).
Real PostgreSQL and Kafka; the fault tests (tests/faults) do the same with real restarts.
"""

from __future__ import annotations

import threading
import time
from functools import partial
from typing import Any

import psycopg
from kafka import KafkaConsumer

from services.generator.adapters.events import dead_letter_topic
from services.generator.worker import streams
from services.generator.worker.dead_letter import dead_letter
from services.generator.worker.loop import run
from services.generator.worker.processing import RetryPolicy, process_record
from services.generator.worker.resources import open_resources
from shared.platform.kafka_watchdog import ConsumerWatchdog
from shared.platform.settings import InfraSettings
from tests.integration.generator.gen_infra import KAFKA, settings_for
from tests.integration.generator.gen_worker_thread import WorkerThread
from tests.unit.generator.gen_fakes import FakeEngine


def _results(events: list[Any]) -> list[Any]:
    return [e for e in events if e.type != "session.requested"]


def _terminate_backends(db_name: str) -> int:
    """What a PostgreSQL restart does to each client: AdminShutdown, connection closed."""
    with psycopg.connect(InfraSettings().admin_database_url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()", (db_name,)).fetchall()
    return len(rows)


def _refresh_test_pool(pipeline: Any) -> None:
    # The test's own write model pings at checkout, which backs off ~30 s over dead
    # connections: purge them, so only the worker's recovery is timed.
    pipeline.app.recorder.datastore.pool.check()


def test_worker_serves_again_after_its_connections_are_terminated(pipeline, database,
                                                                  kafka_topics):
    org_id, client_id = pipeline.seed_client()
    first = pipeline.request(org_id, client_id)
    pipeline.sync()
    with WorkerThread(settings_for(database, kafka_topics), FakeEngine()) as worker:
        pipeline.wait_for_result(first)
        # Idle connections die: the pool and the event store must replace them.
        assert _terminate_backends(database.name) > 0
        _refresh_test_pool(pipeline)
        second = pipeline.request(org_id, client_id)
        pipeline.sync()
        pipeline.wait_for_result(second, timeout_s=30)
        # Killed again while it waits for the projector (the request is not projected yet).
        third = pipeline.request(org_id, client_id)
        found = pipeline.sync(project=False)
        time.sleep(0.5)
        assert _terminate_backends(database.name) > 0
        _refresh_test_pool(pipeline)
        pipeline.project(found)
        pipeline.wait_for_result(third, timeout_s=30)
    for session_id in (first, second, third):
        assert len(_results(pipeline.session_events(session_id))) == 1
    assert worker.thread.is_alive() is False


def test_a_stuck_consumer_is_replaced_and_the_requests_are_served(pipeline, database,
                                                                  kafka_topics):
    """The first consumer never gets an assignment (as after a broker restart went wrong):
    the watchdog notices, and the replacement resumes from the committed offsets."""
    settings = settings_for(database, kafka_topics)
    org_id, client_id = pipeline.seed_client()
    sessions = [pipeline.request(org_id, client_id) for _ in range(2)]
    pipeline.sync()
    stuck = KafkaConsumer(bootstrap_servers=KAFKA, group_id=settings.consumer_group,
                          enable_auto_commit=False, allow_auto_create_topics=False)
    stuck.subscribe([f"{kafka_topics.prefix}.no-such-topic"])
    resources = open_resources(settings, FakeEngine())
    producer = streams.dead_letter_producer(settings)
    send = partial(dead_letter, producer, dead_letter_topic(settings.infra.topic_prefix),
                   consumer_group=settings.consumer_group)
    stop = threading.Event()
    opened: list[KafkaConsumer] = []

    def reopen() -> KafkaConsumer:
        opened.append(streams.consumer(settings))
        return opened[-1]

    thread = threading.Thread(target=run, daemon=True, args=(
        stuck, lambda r: process_record(r, resources.deps, RetryPolicy(), send, stop), stop,
        settings.poll_timeout_ms, settings.concurrency),
        kwargs={"reopen": reopen, "watchdog": ConsumerWatchdog(2.0, 0.5)})
    thread.start()
    try:
        for session_id in sessions:
            assert len(_results(pipeline.wait_for_result(session_id, timeout_s=40))) == 1
        assert len(opened) == 1
    finally:
        stop.set()
        thread.join(timeout=20)
        stuck.close(autocommit=False)
        producer.close(timeout=5)
        resources.close()
    assert not thread.is_alive()
    assert opened[0]._closed  # the loop closes the consumers it opened
