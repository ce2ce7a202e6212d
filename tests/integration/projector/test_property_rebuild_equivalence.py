"""Property: incremental consumption with republishes, redeliveries, crashes before commit and
restarts leaves exactly the read models of one clean pass over the original events."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kafka import TopicPartition
from pj_events import Story, to_messages
from psycopg import sql

from services.projector.apply import Message, apply_batch
from services.projector.checksum import checksum, table_checksums
from services.projector.consumer import stored_offsets
from services.projector.db import connect

TOPIC = "prop"
PARTITIONS = 3


class _Crash(Exception):
    pass


def build_history(actions: list[tuple[str, int]], seed: int) -> list[dict]:
    s = Story(seed=seed)
    envs = [s.organization(), s.trainer(), s.trainer(), s.client()]
    for name, n in actions:
        cid = s.clients[n % len(s.clients)]
        open_sessions = [k for k, v in s.sessions.items() if v["status"] in
                         ("requested", "generated", "approved")]
        if name == "client":
            envs.append(s.client(s.trainers[n % 2]))
        elif name == "injury":
            envs.append(s.injury(cid))
        elif name == "resolve" and s.injuries.get(cid):
            envs.append(s.resolve(cid, s.injuries[cid][n % len(s.injuries[cid])]))
        elif name == "equipment":
            envs.append(s.equipment(cid, f"gym {n % 2}"))
        elif name == "roadmap":
            envs.append(s.roadmap(cid))
        elif name == "request":
            envs.append(s.request(cid, pain=n % 2 == 0))
        elif name == "progress" and open_sessions:
            sid = open_sessions[n % len(open_sessions)]
            status = s.sessions[sid]["status"]
            if status == "requested":
                envs.append(s.generated(sid))
            elif status == "generated" and n % 3 == 0:
                envs.append(s.approved(sid))
            else:
                envs.append(s.logged(sid, load=60.0 + n % 40, pain=n % 4 == 0))
        elif name == "odd":
            envs.append(s.unknown(cid) if n % 2 else s.newer(cid))
    return envs


def topic_log(envs: list[dict], rng: random.Random) -> list[Message]:
    """What the relay leaves in the topic: every event, and after random relay crashes the
    last few events again at new offsets."""
    published: list[dict] = []
    for env in envs:
        published.append(env)
        if rng.random() < 0.08:
            published += published[-rng.randint(1, min(5, len(published))):]
    return to_messages(published, TOPIC, PARTITIONS)


def consume_incrementally(conn: psycopg.Connection, schema: str, log: list[Message],
                          rng: random.Random) -> None:
    by_part: dict[int, list[Message]] = {}
    for m in log:
        by_part.setdefault(m.partition, []).append(m)
    cursor = {p: 0 for p in by_part}
    while any(cursor[p] < len(ms) for p, ms in by_part.items()):
        batch = []
        for p, ms in by_part.items():
            take = rng.randint(0, 6)
            batch += ms[cursor[p]:cursor[p] + take]
            cursor[p] = min(cursor[p] + take, len(ms))
        roll = rng.random()
        if roll < 0.15:  # killed before the commit: nothing of the batch may stick
            with pytest.raises(_Crash), conn.transaction():
                apply_batch(conn, schema, batch)
                raise _Crash
            roll = 0.0
        else:
            apply_batch(conn, schema, batch)
        if roll < 0.25:  # restart: resume from the offsets stored in PostgreSQL
            tps = [TopicPartition(TOPIC, p) for p in by_part]
            stored = stored_offsets(conn, schema, tps)
            cursor = {p: stored.get(TopicPartition(TOPIC, p), -1) + 1 for p in by_part}
        elif roll < 0.4:  # redelivery: Kafka hands back some already-applied messages
            p = rng.choice(list(by_part))
            cursor[p] = max(0, cursor[p] - rng.randint(1, 8))


@pytest.fixture(scope="module")
def conn(database) -> Iterator[psycopg.Connection]:
    c = connect(database.owner_dsn, autocommit=True)
    yield c
    c.close()


def _schema(conn: psycopg.Connection) -> str:
    name = f"p_{uuid.uuid4().hex[:8]}"
    conn.execute("SELECT public.spotter_readmodel_install(%s)", (name,))
    return name


ACTIONS = st.lists(st.tuples(st.sampled_from(
    ["client", "injury", "resolve", "equipment", "roadmap", "request", "progress", "progress",
     "progress", "odd"]), st.integers(0, 1000)), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, seed=st.integers(0, 2**32))
def test_incremental_with_faults_equals_clean_rebuild(conn, actions, seed) -> None:
    rng = random.Random(seed)
    envs = build_history(actions, seed)
    incremental, clean = _schema(conn), _schema(conn)
    try:
        consume_incrementally(conn, incremental, topic_log(envs, rng), rng)
        apply_batch(conn, clean, to_messages(envs, TOPIC, PARTITIONS))
        if checksum(conn, incremental) != checksum(conn, clean):
            a, b = table_checksums(conn, incremental), table_checksums(conn, clean)
            pytest.fail(f"differing tables: {[t for t in a if a[t] != b[t]]}; "
                        f"actions={actions!r} seed={seed}")
    finally:
        for name in (incremental, clean):
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))
