"""The rebuild's reader process hands over every message of the topics, each with the check
apply_batch would have made itself (and its raw bytes only when it is not an envelope); a
rebuild through it equals a clean pass."""

from __future__ import annotations

import uuid

import pytest
from pj_events import Story
from pj_kafka import produce

from infra.settings import LocalStackSettings
from services.projector.apply import apply_batch
from services.projector.batch import Message
from services.projector.rebuild.checked_replay import CheckedReplay, check
from services.projector.checksum import checksum
from services.projector.db import connect
from services.projector.rebuild.blue_green import rebuild_from
from services.projector.rebuild.replay import KafkaReplay
from shared.events import topics


def _story() -> list[dict]:
    s = Story(seed=5)
    envs = [s.organization(), s.trainer()]
    for _ in range(8):
        envs.append(s.client())
        cid = s.clients[-1]
        req = s.request(cid, pain=False)
        sid = req["payload"]["session_id"]
        envs += [s.injury(cid), req, s.generated(sid), s.logged(sid), s.unknown(cid)]
    return envs


def _raw(bootstrap: str, topic: str, count: int) -> dict[tuple[int, int], Message]:
    """The topic's messages as kafka-python reads them, by partition and offset."""
    replay = KafkaReplay(bootstrap, [topic])
    try:
        found: dict[tuple[int, int], Message] = {}
        while len(found) < count:
            found.update(((m.partition, m.offset), m) for m in replay.poll(timeout_ms=5000))
        return found
    finally:
        replay.close()


def test_reader_checks_every_message_and_rebuilds_the_same(database, kafka_topics) -> None:
    prefix, _ = kafka_topics
    topic = topics.topic_name(prefix, topics.CLIENTS)
    bootstrap = LocalStackSettings().kafka_bootstrap
    envs = _story()
    produce(bootstrap, topic, envs, extra=b"\xffnot an envelope")

    source = CheckedReplay(bootstrap, [topic])
    try:
        ends = source.end_offsets()
        assert sum(ends.values()) == len(envs) + 1
        read = []
        while len(read) < len(envs) + 1:
            read += source.poll(timeout_ms=5000)
    finally:
        source.close()
    raw = _raw(bootstrap, topic, len(envs) + 1)
    assert all(m.checked == check(raw[(m.partition, m.offset)].value) for m in read)
    assert sum(m.checked[0] is None for m in read if m.checked) == 1  # the garbage
    assert all((m.value is None) == (m.checked[0] is not None) for m in read if m.checked)
    assert all(m.value == raw[(m.partition, m.offset)].value for m in read if m.value)

    plain = [raw[(m.partition, m.offset)] for m in read]
    with connect(database.owner_dsn, autocommit=True) as owner:
        schema = f"plain_{uuid.uuid4().hex[:6]}"
        owner.execute("SELECT public.spotter_readmodel_install(%s)", (schema,))
        plain_result = apply_batch(owner, schema, plain)
        source = CheckedReplay(bootstrap, [topic])
        try:
            report = rebuild_from(source, database.owner_dsn, "readmodel")
        finally:
            source.close()
        assert report.events == len(envs) + 1
        assert checksum(owner, "readmodel") == checksum(owner, schema)
        assert len(plain_result.dead_lettered) == 1 and plain_result.skipped >= 8


def test_reader_reports_a_missing_topic() -> None:
    bootstrap = LocalStackSettings().kafka_bootstrap
    with pytest.raises(RuntimeError, match="not found"):
        CheckedReplay(bootstrap, [f"no-such-topic-{uuid.uuid4().hex[:8]}"])
