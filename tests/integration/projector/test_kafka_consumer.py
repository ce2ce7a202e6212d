"""The real consumer loop against the dev Kafka broker (SPOTTER_KAFKA_BOOTSTRAP) and PostgreSQL:
read models reflect produced envelopes, bad messages are dead-lettered, and a restarted process
(a new consumer group, so Kafka holds no offsets for it) resumes from the PostgreSQL positions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

from kafka import KafkaConsumer
from pj_events import Story
from pj_kafka import produce, settings_for

from services.projector import queries
from services.projector.apply import BatchResult
from services.projector.checksum import checksum
from services.projector.consumer import Projector
from services.projector.db import connect
from services.projector.settings import LIVE_SCHEMA

ROOT = Path(__file__).resolve().parents[3]


def test_consumer_loop_projects_dead_letters_and_resumes(database, kafka_topics) -> None:
    prefix, _ = kafka_topics
    settings = settings_for(database, prefix, f"g-{uuid.uuid4().hex[:6]}")
    bootstrap, topic = settings.infra.kafka_bootstrap, settings.topic_names()[0]
    s = Story(seed=21)
    first = [s.organization(), s.trainer(), s.client(), s.client()]
    first += [s.injury(s.clients[0]), s.equipment(s.clients[1])]
    produce(bootstrap, topic, first, extra=b"\x00not an envelope")

    stop = threading.Event()
    batches: list[BatchResult] = []
    worker = threading.Thread(target=Projector(settings, batches.append).run, args=(stop,))
    worker.start()
    with connect(database.app_dsn, autocommit=True) as conn:
        try:
            for cid in s.clients:
                last = max(e["position"] for e in first if e.get("client_id") == cid)
                assert queries.wait_for_watermark(conn, cid, last, 60.0)
        finally:
            stop.set()
            worker.join(timeout=30)
        assert not worker.is_alive()
        client = queries.get_client(conn, s.org, s.clients[0])
        assert client is not None and client["active_injuries"][0]["region"] == "knee"
    assert sum(len(b.dead_lettered) for b in batches) == 1
    dlq = KafkaConsumer(settings.dead_letter_topic(), bootstrap_servers=bootstrap,
                        auto_offset_reset="earliest", consumer_timeout_ms=10000)
    letter = next(iter(dlq))
    dlq.close()
    assert letter.value == b"\x00not an envelope"
    assert b"not JSON" in dict(letter.headers)["reason"]

    # restart as a real process, in a group Kafka knows nothing of: PostgreSQL has the offsets
    second = [s.request(s.clients[0], pain=True), s.client()]
    produce(bootstrap, topic, second)
    env = {**os.environ, "SPOTTER_DATABASE_URL": database.app_dsn,
                       "SPOTTER_TOPIC_PREFIX": prefix, "SPOTTER_LOG_JSON": "true",
           "SPOTTER_LOG_LEVEL": "DEBUG",
           "SPOTTER_PROJECTOR_GROUP_ID": f"g-{uuid.uuid4().hex[:6]}",
           "SPOTTER_PROJECTOR_TOPICS": json.dumps([topic])}
    # logs go to a file: a pipe nobody reads would block the process once full
    with tempfile.TemporaryFile("w+") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "services.projector"], cwd=ROOT,
                                env=env, stderr=log_file, text=True)
        try:
            with connect(database.app_dsn, autocommit=True) as conn:
                reached = queries.wait_for_watermark(conn, s.clients[-1],
                                                     second[-1]["position"], 60)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        log_file.seek(0)
        logs = log_file.read()
    assert reached, logs[-3000:]
    assert proc.returncode == 0, logs[-3000:]
    lines = [json.loads(line) for line in logs.splitlines() if line.startswith("{")]
    sought = [ln for ln in lines if ln.get("event") == "partitions_sought"]
    assert any(v is not None for ln in sought for v in ln["positions"].values()), logs
    done = [ln for ln in lines if ln.get("event") == "batch_applied"]
    # only the new events were read: nothing replayed from offset 0, nothing dead-lettered again
    assert sum(ln["applied"] for ln in done) == len(second), logs
    assert sum(ln["duplicates"] for ln in done) == 0, logs
    assert not [ln for ln in lines if ln.get("event") == "dead_letter"], logs
    with connect(database.owner_dsn, autocommit=True) as owner:
        n = owner.execute("SELECT count(*) FROM readmodel.audit_log").fetchone()
        assert n is not None and n[0] == len(first) + len(second)
        owner.execute("SELECT public.spotter_readmodel_install('clean')")
        from pj_events import to_messages

        from services.projector.apply import apply_batch
        apply_batch(owner, "clean", to_messages(first + second, "x"))
        assert checksum(owner, LIVE_SCHEMA) == checksum(owner, "clean")
