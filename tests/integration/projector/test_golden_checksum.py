"""The read models' contents are pinned: a fixed event sequence, applied in one batch or in
small ones, must give exactly the per-table checksums the per-event (statement per event)
projector produced before the set-based rewrite."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import psycopg
import pytest
from pj_events import Story, to_messages

from services.projector.apply import Message, apply_batch
from services.projector.rebuild.checked_replay import check
from services.projector.checksum import table_checksums
from services.projector.db import connect
from services.projector.readmodels import bulk

# recorded with the statement-per-event projector (commit d65c76f) on PostgreSQL 18
GOLDEN: dict[str, str] = {
    'api_keys': '0:d41d8cd98f00b204e9800998ecf8427e',
    'audit_log': '152:42951ed3b39456676af9b4052254c54a',
    'benchmarks': '34:045e5b74803f90f7bc74730b3b3f91e9',
    'client_state': '6:35c26059aad18a2f273b5f0b3b6ebaa6',
    'client_watermarks': '6:9796dac247d697c1583a2a0c27c099f5',
    'exercise_bests': '34:33b4ad5a36a43f2364d4cd2ad7d48dc7',
    'exercise_sets': '102:3e50032cab0657ea39bc071ad35db855',
    'exercise_trends': '21:3a749daa1914f85dfb99b92bd475e020',
    'organizations': '1:2b1b4b6b878d02c977d245a25e72f9fb',
    'pain_timeline': '27:ba02ba70259b14a6744b46c9f2bb36f1',
    'skipped_events': '1:6b51bcb0daaddebcf6bec10d235fa8e7',
    'trainers': '2:929dd2d4b92ea954c122f6c55ed05fe7',
    'training_sessions': '34:e12b2d1efd9f4d3dc6258df8f280f338',
}


def fixed_sequence() -> list[dict]:
    s = Story(seed=42)
    rng = random.Random(42)
    envs = [s.organization(), s.trainer(), s.trainer()]
    for i in range(6):
        envs.append(s.client(s.trainers[i % 2]))
    for step in range(160):
        cid = s.clients[rng.randrange(len(s.clients))]
        roll = rng.random()
        open_ = [k for k, v in s.sessions.items() if v["status"] in
                 ("requested", "generated", "approved")]
        logged = [k for k, v in s.sessions.items() if v["status"] == "logged"]
        if roll < 0.05:
            envs.append(s.injury(cid))
        elif roll < 0.08 and s.injuries.get(cid):
            envs.append(s.resolve(cid, s.injuries[cid][0]))
        elif roll < 0.11:
            envs.append(s.equipment(cid, f"gym {step % 3}"))
        elif roll < 0.13:
            envs.append(s.roadmap(cid))
        elif roll < 0.30:
            envs.append(s.request(cid, pain=step % 3 == 0))
        elif roll < 0.33 and logged:  # a session logged again: its log is replaced
            envs.append(s.logged(rng.choice(logged), load=70.0 + step % 7 * 2.5,
                                 pain=step % 2 == 0))
        elif roll < 0.35:
            envs.append(s.unknown(cid) if step % 2 else s.newer(cid))
        elif open_:
            sid = open_[rng.randrange(len(open_))]
            status = s.sessions[sid]["status"]
            if status == "requested":
                envs.append(s.generated(sid))
            elif status == "generated" and step % 3 == 0:
                envs.append(s.approved(sid))
            else:
                reps = None if step % 4 else 5
                envs.append(s.logged(sid, load=60.0 + (step % 13) * 1.25, pain=step % 5 == 0,
                                     reps=reps))
    republished = envs + envs[40:55] + envs[100:103]  # a relay that crashed twice
    return republished


@pytest.fixture
def conn(database) -> Iterator[psycopg.Connection]:
    c = connect(database.app_dsn, autocommit=True)
    yield c
    c.close()


# every write path: COPY for every table, multi-row INSERT for every table, and the default
# mix in small batches
@pytest.mark.parametrize(("chunk", "copy_min_rows"), [(10_000, 1), (10_000, 10**9), (7, None)])
def test_fixed_sequence_matches_golden_checksums(conn, fresh_schema, monkeypatch, chunk,
                                                 copy_min_rows) -> None:
    if copy_min_rows is not None:
        monkeypatch.setattr(bulk, "COPY_MIN_ROWS", copy_min_rows)
    messages = to_messages(fixed_sequence(), "golden", 3)
    for i in range(0, len(messages), chunk):
        apply_batch(conn, fresh_schema, messages[i:i + chunk])
    sums = table_checksums(conn, fresh_schema)
    assert sums == GOLDEN


def test_checked_messages_match_golden_checksums(conn, fresh_schema) -> None:
    # what the rebuild's reader process hands over: each message with its check done
    messages = [dataclasses.replace(m, checked=check(m.value))
                for m in to_messages(fixed_sequence(), "golden", 3)]
    garbage = Message("golden", 0, 10**6, b"{not json")
    result = apply_batch(conn, fresh_schema, [*messages, dataclasses.replace(
        garbage, checked=check(garbage.value))])
    assert [m for m, _ in result.dead_lettered] == [garbage]
    assert table_checksums(conn, fresh_schema) == GOLDEN
