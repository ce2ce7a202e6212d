"""The worker on real PostgreSQL and Kafka: one result per request, whatever the delivery."""

from __future__ import annotations

import time

from kafka import KafkaConsumer

from tests.integration.generator.gen_infra import KAFKA, settings_for
from tests.integration.generator.gen_worker_thread import WorkerThread
from tests.unit.generator.gen_fakes import FakeEngine


def _results(events):
    return [e for e in events if e.type != "session.requested"]


def test_request_becomes_one_generated_event(pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    session_id = pipeline.request(org_id, client_id)
    pipeline.sync()
    with WorkerThread(settings_for(database, kafka_topics), FakeEngine()) as worker:
        events = pipeline.wait_for_result(session_id)
    request, (result,) = events[0], _results(events)
    assert result.type == "session.generated"
    assert result.payload["generator"]["mode"] == "engine"
    assert result.payload["generator"]["llm_calls"] == []
    assert result.payload["history_complete"] is True
    assert result.correlation_id == request.correlation_id
    assert result.causation_id == str(request.event_id)
    assert result.actor.kind == "service"
    assert "generated" in worker.outcomes


def test_redelivered_request_gets_no_second_result(pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    session_id = pipeline.request(org_id, client_id)
    envelopes = pipeline.sync()
    pipeline.publish([e for e in envelopes if e.type == "session.requested"])  # the duplicate
    with WorkerThread(settings_for(database, kafka_topics), FakeEngine()) as worker:
        pipeline.wait_for_result(session_id)
        deadline = time.monotonic() + 10
        while worker.outcomes.count("duplicate") < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(_results(pipeline.session_events(session_id))) == 1
    assert worker.outcomes.count("generated") == 1 and worker.outcomes.count("duplicate") == 1


def test_two_workers_racing_record_exactly_one_result(pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    sessions = [pipeline.request(org_id, client_id) for _ in range(4)]
    pipeline.sync()
    # Two groups both receive every request: each worker races the other on all four.
    a = settings_for(database, kafka_topics, consumer_group=f"{kafka_topics.prefix}-a")
    b = settings_for(database, kafka_topics, consumer_group=f"{kafka_topics.prefix}-b")
    with WorkerThread(a, FakeEngine(), replace_stuck_consumer=True) as wa, \
            WorkerThread(b, FakeEngine(), replace_stuck_consumer=True) as wb:
        for s in sessions:
            pipeline.wait_for_result(s)
        # The first worker may answer all four before the second is assigned anything: when
        # kafka-python's first join misses the topic's metadata the consumer can stay
        # unassigned until the watchdog replaces it (20 s, as in production); the second
        # worker then answers all four as duplicates.
        deadline = time.monotonic() + 60
        handled = lambda: [x for x in wa.outcomes + wb.outcomes if x != "skipped"]  # noqa: E731
        while len(handled()) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
    for s in sessions:
        assert len(_results(pipeline.session_events(s))) == 1
    labels = handled()
    assert labels.count("generated") == 4 and labels.count("duplicate") == 4


def test_watermark_timeout_generates_with_what_is_there(pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    session_id = pipeline.request(org_id, client_id)
    pipeline.sync(project=False)  # the projector never catches up
    settings = settings_for(database, kafka_topics, watermark_timeout_s=0.3)
    with WorkerThread(settings, FakeEngine()):
        (result,) = _results(pipeline.wait_for_result(session_id))
    assert result.payload["history_complete"] is False
    assert "History may be incomplete" in result.payload["plan"]["rationale"][-1]


def test_poison_message_goes_to_dead_letter_and_the_next_request_is_served(
        pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    pipeline.producer.send(kafka_topics.requests, key=str(client_id).encode(),
                           value=b"{not an envelope",
                           headers=[("event_type", b"session.requested"),
                                    ("correlation_id", b"req-poison")])
    session_id = pipeline.request(org_id, client_id)
    pipeline.sync()
    with WorkerThread(settings_for(database, kafka_topics), FakeEngine()) as worker:
        pipeline.wait_for_result(session_id)
    assert "dead_lettered" in worker.outcomes
    dlq = KafkaConsumer(kafka_topics.dead_letter, bootstrap_servers=KAFKA,
                        auto_offset_reset="earliest", consumer_timeout_ms=5000)
    try:
        (msg,) = [m for m in dlq]
    finally:
        dlq.close()
    headers = dict(msg.headers)
    assert msg.value == b"{not an envelope"
    assert headers["dlq_reason"].startswith(b"undecodable")
    assert headers["correlation_id"] == b"req-poison"


class ExplodingEngine(FakeEngine):
    def assemble(self, request):
        raise RuntimeError("engine bug")


def test_repeated_crashes_fail_the_request_once_and_dead_letter_it(
        pipeline, database, kafka_topics):
    org_id, client_id = pipeline.seed_client()
    session_id = pipeline.request(org_id, client_id)
    pipeline.sync()
    with WorkerThread(settings_for(database, kafka_topics, max_attempts=2), ExplodingEngine()):
        (result,) = _results(pipeline.wait_for_result(session_id))
    assert result.type == "session.generation_failed"
    assert result.payload["retryable"] is True
    assert "request the session again" in result.payload["reason"]
