"""Two projector processes in one consumer group share the partitions, one leaves (a rebalance)
and nothing is lost or doubled; then a blue/green rebuild from the real topics reproduces the
same read models."""

from __future__ import annotations

import threading
import time
import uuid

from pj_events import Story, to_messages
from pj_kafka import produce, settings_for

from services.projector import queries
from services.projector.apply import BatchResult, apply_batch
from services.projector.checksum import checksum
from services.projector.consumer import Projector
from services.projector.db import connect
from services.projector.rebuild.blue_green import rebuild
from services.projector.settings import LIVE_SCHEMA


def _story() -> tuple[Story, list[dict], list[dict]]:
    """Two halves in creation order (positions only grow along a partition, as from the relay)."""
    s = Story(seed=31)
    envs = [s.organization(), s.trainer()]
    for _ in range(8):
        envs.append(s.client())
    for cid in s.clients:
        envs.append(s.injury(cid))
        req = s.request(cid, pain=True)
        sid = req["payload"]["session_id"]
        envs += [req, s.generated(sid), s.logged(sid)]
    return s, envs[:26], envs[26:]


def _wait_all(conn, envs: list[dict]) -> None:
    last: dict[str, int] = {}
    for e in envs:
        if e.get("client_id"):
            last[e["client_id"]] = e["position"]
    for cid, pos in last.items():
        assert queries.wait_for_watermark(conn, cid, pos, 30.0), cid


def test_two_members_share_partitions_survive_a_rebalance_and_rebuild(
    database, kafka_topics
) -> None:
    prefix, _ = kafka_topics
    settings = settings_for(database, prefix, f"g-{uuid.uuid4().hex[:6]}")
    settings = settings.model_copy(update={"owner_database_url": database.owner_dsn})
    bootstrap, topic = settings.infra.kafka_bootstrap, settings.topic_names()[0]
    s, first, second = _story()
    seen: list[list[BatchResult]] = [[], []]
    members = [Projector(settings, seen[i].append) for i in range(2)]
    stops = [threading.Event(), threading.Event()]
    threads = [threading.Thread(target=m.run, args=(stop,)) for m, stop in zip(members, stops)]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(
                m.consumer is not None and m.consumer.assignment() for m in members):
            time.sleep(0.2)
        produce(bootstrap, topic, first)
        with connect(database.app_dsn, autocommit=True) as conn:
            _wait_all(conn, first)
            # a batch is reported after its Kafka commit, a moment after its database commit
            deadline = time.monotonic() + 10
            while not all(seen) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert all(any(b.applied for b in batches) for batches in seen), "one member idle"
            stops[1].set()  # one member leaves: the other takes over its partitions
            threads[1].join(timeout=30)
            produce(bootstrap, topic, second)
            _wait_all(conn, second)
    finally:
        for stop in stops:
            stop.set()
        for t in threads:
            t.join(timeout=30)
    totals = [(sum(b.applied for b in bs), sum(b.duplicates for b in bs),
               sum(b.skipped for b in bs)) for bs in seen]
    with connect(database.owner_dsn, autocommit=True) as owner:
        have = {str(r[0]) for r in owner.execute("SELECT event_id FROM readmodel.audit_log")}
        pos = owner.execute("SELECT * FROM readmodel.stream_positions").fetchall()
    missing = [(e["type"], e["position"], e["client_id"]) for e in first + second
               if e["event_id"] not in have]
    assert sum(t[0] for t in totals) == len(first) + len(second), (totals, missing, pos)

    with connect(database.owner_dsn, autocommit=True) as owner:
        owner.execute("SELECT public.spotter_readmodel_install('clean')")
        apply_batch(owner, "clean", to_messages(first + second, "x"))
        expected = checksum(owner, "clean")
        assert checksum(owner, LIVE_SCHEMA) == expected
        progress: list[tuple[int, int]] = []
        report = rebuild(settings, progress=lambda d, t, r, e: progress.append((d, t)))
        assert report.events == len(first) + len(second)
        assert progress and progress[-1] == (report.events, report.events)
        assert checksum(owner, LIVE_SCHEMA) == expected
