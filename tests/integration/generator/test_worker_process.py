"""The worker as a real process: SIGTERM finishes the message in flight; kill -9 loses nothing."""

from __future__ import annotations

import json
import signal
import time
import urllib.request

from kafka.admin import KafkaAdminClient
from kafka.partitioner.default import murmur2

from tests.integration.generator.gen_infra import KAFKA
from tests.integration.generator.gen_process import free_port, start_worker
from tests.support.openai_stub_server import Reply


def clients_on_every_partition(pipeline, partitions: int, per_partition: int = 2):
    """Clients whose keys cover every partition, so both workers surely get work."""
    by_partition: dict[int, list] = {p: [] for p in range(partitions)}
    while any(len(v) < per_partition for v in by_partition.values()):
        org_id, client_id = pipeline.seed_client()
        p = (murmur2(str(client_id).encode()) & 0x7FFFFFFF) % partitions  # the default partitioner
        by_partition[p].append((org_id, client_id))
    return [c for cs in by_partition.values() for c in cs]


def _results(events):
    return [e for e in events if e.type != "session.requested"]


def _committed(group: str) -> int:
    admin = KafkaAdminClient(bootstrap_servers=KAFKA)
    try:
        return sum(o.offset for o in admin.list_group_offsets(group)[group].values())
    finally:
        admin.close()


def _wait(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_sigterm_finishes_the_llm_call_in_flight_then_commits_and_exits(
        pipeline, database, kafka_topics, fresh_stub, tmp_path):
    fresh_stub.script(Reply.slow(2.0, {"not": "a plan"}), default=Reply.error(500))
    org_id, client_id = pipeline.seed_client({"generator_mode": "llm"})
    session_id = pipeline.request(org_id, client_id)
    published = len([e for e in pipeline.sync() if e.client_id == client_id])
    port, group = free_port(), f"{kafka_topics.prefix}-gen"
    log_path = tmp_path / "worker.log"
    proc = start_worker(database, kafka_topics, log_path, metrics_port=port, extra_env={
        "SPOTTER_GENERATOR_LLM_MODEL": "openai/stub-model",
        "SPOTTER_GENERATOR_LLM_API_BASE": fresh_stub.api_base,
        "SPOTTER_GENERATOR_LLM_API_KEY": "sk-test-secret", "SPOTTER_GENERATOR_LLM_TIMEOUT_S": "5",
        "SPOTTER_GENERATOR_LLM_NUM_RETRIES": "0"})
    try:
        assert _wait(lambda: fresh_stub.requests, 60), log_path.read_text()[-2000:]
        proc.send_signal(signal.SIGTERM)  # the LLM call is in flight
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    (result,) = _results(pipeline.session_events(session_id))
    assert result.type == "session.generated"
    calls = result.payload["generator"]["llm_calls"]
    assert calls and calls[0]["model"].endswith("stub-model")
    assert _committed(group) == published  # every message of the partition, request included
    assert [c["outcome"] for c in calls] == ["invalid", "error"]  # the slow one completed
    lines = [json.loads(x) for x in log_path.read_text().splitlines() if x.startswith("{")]
    handled = [x for x in lines if x.get("event") == "session_request_handled"]
    assert handled and handled[0]["correlation_id"] == result.correlation_id
    assert "sk-test-secret" not in log_path.read_text()


def test_kill_9_of_one_of_two_workers_loses_and_duplicates_nothing(
        pipeline, database, kafka_topics, tmp_path):
    clients = clients_on_every_partition(pipeline, kafka_topics.partitions)
    pipeline.sync()
    a = start_worker(database, kafka_topics, tmp_path / "a.log")
    b = start_worker(database, kafka_topics, tmp_path / "b.log")

    def handled_by_a() -> int:
        return (tmp_path / "a.log").read_text().count("session_request_handled")

    sessions = []
    try:
        # Load until worker A is busy with its share of the partitions, then kill it mid-batch.
        deadline = time.monotonic() + 60  # two cold starts on a busy 2-core machine
        while not handled_by_a() and time.monotonic() < deadline:
            sessions += [pipeline.request(org, client) for org, client in clients]
            pipeline.sync()
            _wait(handled_by_a, 2.0)
        assert handled_by_a(), "worker A never got a partition"
        sessions += [pipeline.request(org, client) for org, client in clients]
        pipeline.sync()
        a.send_signal(signal.SIGKILL)
        sessions += [pipeline.request(org, client) for org, client in clients]
        pipeline.sync()
        for s in sessions:
            pipeline.wait_for_result(s, timeout_s=60)
        assert a.wait(timeout=5) == -signal.SIGKILL
        for s in sessions:
            assert len(_results(pipeline.session_events(s))) == 1
    finally:
        for p in (a, b):
            if p.poll() is None:
                p.kill()
            p.wait(timeout=10)


def test_metrics_endpoint_reports_outcomes_latency_and_lag(
        pipeline, database, kafka_topics, tmp_path):
    org_id, client_id = pipeline.seed_client()
    session_id = pipeline.request(org_id, client_id)
    pipeline.sync()
    port = free_port()
    proc = start_worker(database, kafka_topics, tmp_path / "w.log", metrics_port=port)
    try:
        pipeline.wait_for_result(session_id, timeout_s=60)

        def scrape() -> str:
            url = f"http://127.0.0.1:{port}/metrics"
            return urllib.request.urlopen(url, timeout=5).read().decode()

        # The lag gauge is set after the batch that carried the request is done.
        assert _wait(lambda: "spotter_generator_consumer_lag{" in scrape(), 10)
        text = scrape()
        assert 'spotter_generator_outcomes_total{outcome="generated"} 1.0' in text
        assert 'spotter_generator_generation_seconds_count{mode="engine"} 1.0' in text
        assert "spotter_generator_consumer_lag{" in text
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
