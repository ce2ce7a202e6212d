"""Query functions: dashboard, organization scoping, bounded waits on watermark and version."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pj_events import Story, to_messages

from services.projector import queries
from services.projector.apply import apply_batch
from services.projector.db import connect


@pytest.fixture
def conn(database) -> Iterator:
    c = connect(database.app_dsn, autocommit=True)
    yield c
    c.close()


def test_trainer_dashboard(conn, fresh_schema) -> None:
    s = Story(seed=5)
    envs = [s.organization(), s.trainer(), s.client()]
    cid = s.clients[0]
    for load in (100.0, 100.0, 100.0, 100.0):  # the same load every time: a stalled lift
        req = s.request(cid, pain=True)
        sid = req["payload"]["session_id"]
        envs += [req, s.generated(sid), s.logged(sid, load=load, exercise="deadlift", reps=5)]
    waiting = s.request(cid)
    envs += [waiting, s.generated(waiting["payload"]["session_id"])]
    apply_batch(conn, fresh_schema, to_messages(envs, "t"))
    today = s.now.date()
    board = queries.trainer_dashboard(conn, s.org, s.trainers[0], today=today,
                                      window_days=365, schema=fresh_schema)
    assert [str(r["session_id"]) for r in board["awaiting_approval"]] == [
        waiting["payload"]["session_id"]]
    assert len(board["pain_flags"]) == 4
    assert [r["trend"] for r in board["stalled_lifts"]] == ["stalled"]
    assert board["missed_sessions"] == []
    later = queries.trainer_dashboard(conn, s.org, s.trainers[0], today=today + timedelta(days=5),
                                      window_days=30, schema=fresh_schema)
    assert [str(r["session_id"]) for r in later["missed_sessions"]] == [
        waiting["payload"]["session_id"]]
    other_org = queries.trainer_dashboard(conn, s.trainers[0], s.trainers[0], today=today,
                                          schema=fresh_schema)
    assert other_org["awaiting_approval"] == [] and other_org["pain_flags"] == []


def test_waits_return_when_reached_and_time_out_otherwise(database, conn, fresh_schema) -> None:
    s = Story(seed=6)
    envs = [s.organization(), s.trainer(), s.client()]
    cid = s.clients[0]
    apply_batch(conn, fresh_schema, to_messages(envs, "t", partitions=1))
    late = [s.injury(cid), s.equipment(cid)]
    assert queries.wait_for_client_version(conn, cid, 1, 0.1, schema=fresh_schema)
    started = time.monotonic()
    assert not queries.wait_for_watermark(conn, cid, late[-1]["position"], 0.3,
                                          schema=fresh_schema)
    assert 0.25 < time.monotonic() - started < 2

    def project_later() -> None:
        time.sleep(0.3)
        with connect(database.app_dsn, autocommit=True) as other:
            apply_batch(other, fresh_schema, to_messages(late, "t", partitions=1,
                                                         start_offsets={0: 3}))

    worker = threading.Thread(target=project_later)
    worker.start()
    assert queries.wait_for_client_version(conn, cid, 3, 5.0, schema=fresh_schema)
    assert queries.watermark(conn, cid, schema=fresh_schema) == late[-1]["position"]
    worker.join()
