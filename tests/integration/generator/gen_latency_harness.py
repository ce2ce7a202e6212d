"""A private latency harness (not a test): 8 trainers, 6 partitions, the real engine, on a scratch
database and topics. Reports Kafka → handler and request → result p50/p99, for the current
pipeline or (``--old FILE``) an earlier PartitionPipeline module, so both run back to back.

    SPOTTER_PG_PORT=55432 SPOTTER_KAFKA_PORT=19092 \
        .venv/bin/python -m tests.integration.generator.gen_latency_harness [--old FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import threading
import time
import uuid
from functools import partial
from typing import Any

from services.generator.adapters.events import dead_letter_topic
from services.generator.worker import loop, streams
from services.generator.worker.dead_letter import dead_letter
from services.generator.worker.processing import RetryPolicy, process_record
from services.generator.worker.resources import open_resources
from shared.writemodel.sessions.request_session import RequestSession, request_session
from shared.writemodel.store import open_application
from tests.integration.generator.gen_infra import TestDatabase, TestTopics, settings_for
from tests.integration.generator.gen_pipeline import Pipeline, command_context


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def _use_old_pipeline(path: str) -> None:
    spec = importlib.util.spec_from_file_location("old_pipeline", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    loop.PartitionPipeline = lambda *a, buffer_cap=0, **k: module.PartitionPipeline(*a, **k)


def measure(trainers: int, sessions_each: int, fetch_max_wait_ms: int,
            concurrency: int = 4) -> dict[str, Any]:
    db, topics = TestDatabase.create(), TestTopics(partitions=6)
    pipeline = Pipeline(db, topics).open()
    settings = settings_for(db, topics, fetch_max_wait_ms=fetch_max_wait_ms, poll_timeout_ms=500,
                            watermark_timeout_s=5.0, concurrency=concurrency,
                            db_pool_size=concurrency)
    stop, done = threading.Event(), threading.Event()
    handler_ms: list[float] = []
    results: dict[uuid.UUID, threading.Event] = {}
    resources = open_resources(settings)
    consumer, producer = streams.consumer(settings), streams.dead_letter_producer(settings)
    send = partial(dead_letter, producer, dead_letter_topic(topics.prefix),
                   consumer_group=settings.consumer_group)
    policy = RetryPolicy(settings.max_attempts, settings.retry_backoff_s)

    def process(record: Any) -> str:
        handler_ms.append(time.time() * 1000 - record.timestamp)
        return process_record(record, resources.deps, policy, send, stop)

    def relay() -> None:  # the relay and the projector, every few milliseconds
        while not done.is_set():
            found = pipeline.new_envelopes()
            if found:  # a connection per projection: only when there is something to project
                pipeline.project(found)
                pipeline.publish(found)
            for env in found:
                if env.type != "session.requested" and env.aggregate_id in results:
                    results[env.aggregate_id].set()
            time.sleep(0.005)

    clients = [pipeline.seed_client() for _ in range(trainers)]
    round_trip: list[float] = []

    def trainer(org_id: uuid.UUID, client_id: uuid.UUID) -> None:
        app = open_application(db.app_dsn, create_table=False)
        try:
            for _ in range(sessions_each):
                session_id, seen = uuid.uuid4(), threading.Event()
                results[session_id] = seen
                started = time.monotonic()
                request_session(app, RequestSession(
                    client_id=client_id, session_id=session_id, duration_min=45,
                    equipment=["kettlebell", "dumbbell", "box"]), command_context(org_id))
                if seen.wait(20):
                    round_trip.append((time.monotonic() - started) * 1000)
                time.sleep(0.05)
        finally:
            app.close()

    worker = threading.Thread(target=loop.run, args=(consumer, process, stop,
                                                      settings.poll_timeout_ms,
                                                      settings.concurrency))
    relayer = threading.Thread(target=relay)
    try:
        worker.start()
        relayer.start()
        time.sleep(3)  # the group forms
        threads = [threading.Thread(target=trainer, args=c) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        done.set()
        stop.set()
        relayer.join()
        worker.join(15)
        consumer.close(autocommit=False)
        producer.close(timeout=5)
        resources.close()
        pipeline.close()
        topics.delete()
        db.drop()
    return {"handler_p50": _pct(handler_ms, 50), "handler_p99": _pct(handler_ms, 99),
            "rt_p50": _pct(round_trip, 50), "rt_p99": _pct(round_trip, 99),
            "n": len(round_trip),
            "slow": sum(ms > 50 for ms in handler_ms) / max(1, len(handler_ms))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", help="an earlier pipeline.py to measure instead")
    parser.add_argument("--sessions", type=int, default=15)
    parser.add_argument("--fetch-max-wait-ms", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4, help="also the pool size")
    args = parser.parse_args()
    if args.old:
        _use_old_pipeline(args.old)
    r = measure(8, args.sessions, args.fetch_max_wait_ms, args.concurrency)
    print(f"{'old' if args.old else 'new'} fetch_max_wait={args.fetch_max_wait_ms} "
          f"concurrency={args.concurrency}  "
          f"kafka->handler p50 {r['handler_p50']:.0f} p99 {r['handler_p99']:.0f} ms  "
          f"round trip p50 {r['rt_p50']:.0f} p99 {r['rt_p99']:.0f} ms  (n={r['n']}, "
          f"{100 * r['slow']:.0f} % of handler delays > 50 ms)")


if __name__ == "__main__":
    main()
