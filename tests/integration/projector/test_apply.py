"""The consumer's apply path against real PostgreSQL: effects, dedupe, skips, dead letters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from pj_events import Story, to_messages

from services.projector import queries
from services.projector.apply import Message, apply_batch
from services.projector.checksum import checksum
from services.projector.db import connect
from services.projector.time_travel import state_as_of


@pytest.fixture
def conn(database) -> Iterator:
    c = connect(database.app_dsn, autocommit=True)
    yield c
    c.close()


def _history() -> tuple[Story, list[dict]]:
    s = Story(seed=1)
    envs = [s.organization(), s.trainer(), s.client()]
    cid = s.clients[0]
    envs += [s.injury(cid), s.equipment(cid), s.roadmap(cid)]
    for load in (100.0, 105.0, 110.0):
        req = s.request(cid, pain=True)
        sid = req["payload"]["session_id"]
        envs += [req, s.generated(sid), s.approved(sid), s.logged(sid, load=load)]
    return s, envs


def test_applies_every_read_model(conn, fresh_schema) -> None:
    s, envs = _history()
    result = apply_batch(conn, fresh_schema, to_messages(envs, "t"))
    assert (result.applied, result.duplicates, result.skipped) == (len(envs), 0, 0)
    cid = s.clients[0]
    client = queries.get_client(conn, s.org, cid, schema=fresh_schema)
    assert client is not None
    assert client["version"] == 4 and client["trainer_id"] == s.trainers[0]
    assert [i["region"] for i in client["active_injuries"]] == ["knee"]
    assert client["equipment_profiles"] == {"main gym": ["barbell", "rack"]}
    assert client["roadmap_position"] == {"block_index": 0, "week": 1}
    assert client["adherence"] == {"planned": 3, "logged": 3, "rate": 1.0}
    assert client["latest_feel"] == 4
    assert queries.watermark(conn, cid, schema=fresh_schema) == envs[-1]["position"]
    assert queries.get_client(conn, s.trainers[0], cid, schema=fresh_schema) is None
    history = queries.exercise_history(conn, s.org, cid, schema=fresh_schema)
    assert sum(len(h["sessions"]) for h in history.values()) == 3
    events = queries.client_events(conn, s.org, cid, schema=fresh_schema)
    assert len(events) == len(envs) - 2 and events[0]["type"] == "client.registered"
    # time travel over the audit log: now it is the live state, earlier it is the past
    assert state_as_of(events, datetime(2100, 1, 1, tzinfo=timezone.utc)) == client
    before_roadmap = datetime.fromisoformat(envs[5]["occurred_at"].replace("Z", "+00:00"))
    past = state_as_of(events, before_roadmap - timedelta(seconds=1))
    assert past is not None and past["roadmap"] is None and past["version"] == 3
    assert queries.client_as_of(conn, s.org, cid, before_roadmap - timedelta(seconds=1),
                                schema=fresh_schema) == past
    sid = envs[-1]["payload"]["session_id"]
    session = queries.get_session(conn, s.org, sid, schema=fresh_schema)
    assert session is not None and session["status"] == "logged" and session["version"] == 4


def test_redelivery_and_republish_change_nothing(conn, fresh_schema) -> None:
    _, envs = _history()
    msgs = to_messages(envs, "t")
    apply_batch(conn, fresh_schema, msgs)
    before = checksum(conn, fresh_schema)
    again = apply_batch(conn, fresh_schema, msgs)  # redelivered at the same offsets
    assert again.applied == 0 and again.duplicates == len(msgs)
    # republished by the relay after a crash: same events, new offsets
    republished = to_messages(envs, "t", start_offsets={p: 1000 for p in range(3)})
    third = apply_batch(conn, fresh_schema, republished)
    assert third.applied == 0 and third.duplicates == len(msgs)
    assert checksum(conn, fresh_schema) == before


def test_unknown_newer_and_unreadable_are_skipped(conn, fresh_schema) -> None:
    s = Story(seed=2)
    envs = [s.organization(), s.trainer(), s.client()]
    cid = s.clients[0]
    envs += [s.unknown(cid), s.newer(cid)]
    broken = s.equipment(cid)
    del broken["payload"]["profile_name"]
    envs.append(broken)
    msgs = to_messages(envs, "t", partitions=1)
    bad = Message("t", 0, len(msgs), b"{not json", b"k")
    letters: list[tuple[Message, str]] = []
    result = apply_batch(conn, fresh_schema, [*msgs, bad],
                         dead_letter=lambda m, r: letters.append((m, r)))
    assert (result.applied, result.skipped) == (3, 3)
    assert len(letters) == 1 and letters[0][0] is bad and "not JSON" in letters[0][1]
    with conn.cursor() as cur:
        cur.execute(f"SELECT type, schema_version FROM {fresh_schema}.skipped_events ORDER BY"
                    " position")
        assert cur.fetchall() == [("client.horoscope_read", 1),
                                  ("client.equipment_profile_set", 9),
                                  ("client.equipment_profile_set", 1)]
        cur.execute(f'SELECT "offset" FROM {fresh_schema}.stream_positions')
        assert cur.fetchone() == (len(msgs),)
    # skipped events still move the client's watermark: waiters are not stuck behind them
    assert queries.watermark(conn, cid, schema=fresh_schema) == envs[-1]["position"]


def test_a_handler_failure_skips_that_event_only(conn, fresh_schema, monkeypatch) -> None:
    from services.projector.readmodels import trainers

    def broken(cur, env) -> None:
        cur.execute("SELECT 1")
        raise KeyError("methodology")

    monkeypatch.setitem(trainers.HANDLERS, "trainer.registered", broken)
    s = Story(seed=3)
    envs = [s.organization(), s.trainer(), s.client()]
    result = apply_batch(conn, fresh_schema, to_messages(envs, "t", partitions=1))
    assert (result.applied, result.skipped) == (2, 1)
    with conn.cursor() as cur:
        cur.execute(f"SELECT type, reason FROM {fresh_schema}.skipped_events")
        assert cur.fetchall() == [("trainer.registered",
                                   "payload not applicable: KeyError: 'methodology'")]
        cur.execute(f"SELECT count(*) FROM {fresh_schema}.audit_log")
        assert cur.fetchone() == (2,)
