"""One active relay at a time: a second one waits on the advisory lock and takes over on death."""

from __future__ import annotations

import signal
import time
from datetime import datetime
from pathlib import Path

import psycopg

from tests.integration.relay.relay_support import (
    consume,
    log_events,
    relay_env,
    spawn_relay,
    wait_for_log,
)
from tests.integration.relay.stories import Gym, committed


def lock_holders(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0


def published_batches(log: Path) -> list[datetime]:
    return [datetime.fromisoformat(e["timestamp"]) for e in log_events(log)
            if e.get("event") == "relay.batch_published"]


def wait_for_position(database_url: str, name: str, position: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(database_url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT last_notification_id FROM relay_positions "
                               "WHERE relay_name = %s", (name,)).fetchone()
            if row and row[0] >= position:
                return
            time.sleep(0.1)
    raise AssertionError(f"relay {name} did not reach {position}")


def test_standby_takes_over_when_the_active_relay_is_killed(
    app, relay_db, relay_infra, topic_prefix, tmp_path
):
    gym = Gym.open(app, trainers=1, clients=4)
    env = relay_env(relay_db, relay_infra.kafka_bootstrap, topic_prefix, "pair")
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = spawn_relay(env, first_log)
    second = None
    try:
        wait_for_log(first_log, "relay.active")
        second = spawn_relay(env, second_log)
        wait_for_log(second_log, "relay.standby")
        assert lock_holders(relay_db) == 1

        gym.client_events(30)
        wait_for_position(relay_db, "pair", app.recorder.max_notification_id() or 0)
        assert published_batches(first_log) and not published_batches(second_log)

        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = datetime.now().astimezone()
        gym.client_events(30, seed=9)  # written while nobody, then the standby, is active
        taken_over = wait_for_log(second_log, "relay.active")
        wait_for_position(relay_db, "pair", app.recorder.max_notification_id() or 0)

        assert datetime.fromisoformat(taken_over["timestamp"]) <= datetime.now().astimezone()
        assert all(t < killed_at for t in published_batches(first_log))
        assert all(t > killed_at for t in published_batches(second_log))
        assert lock_holders(relay_db) == 1
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)

    expected = committed(app)
    received = consume(relay_infra.kafka_bootstrap, topic_prefix, {c.event_id for c in expected})
    assert {r.envelope["event_id"] for r in received} == {c.event_id for c in expected}
