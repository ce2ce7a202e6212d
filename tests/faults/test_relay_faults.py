"""Relay faults on real servers: kill -9 mid-stream, and a broker stop/restart mid-stream.

The broker test runs its own single-node Kafka (infra/kafka/server.py, in a temporary directory
on free ports), never the shared development broker.
"""

from __future__ import annotations

import shutil
import signal
import socket
import time
from collections.abc import Iterator

import psutil
import psycopg
import pytest

from infra.kafka.server import KafkaServer
from infra.processes import StackError
from infra.settings import LocalStackSettings
from services.api.relay.control import migration_sql
from shared.platform.settings import REPO_ROOT, InfraSettings
from shared.writemodel.application import SpotterApplication
from shared.writemodel.store import open_application
from tests.integration.relay.relay_support import (
    consume,
    fresh_database,
    log_events,
    relay_env,
    spawn_relay,
    unique_topics,
    wait_for_log,
)
from tests.integration.relay.stories import Gym, committed
from tests.integration.relay.test_relay_delivery import check_per_key_order

pytestmark = pytest.mark.slow


def position(database_url: str, name: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT last_notification_id FROM relay_positions "
                           "WHERE relay_name = %s", (name,)).fetchone()
    return int(row[0]) if row else 0


def wait_for_position(database_url: str, name: str, target: int, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while position(database_url, name) < target:
        assert time.monotonic() < deadline, f"relay stuck at {position(database_url, name)}"
        time.sleep(0.05)


def assert_nothing_lost(app: SpotterApplication, bootstrap: str, prefix: str) -> int:
    """All committed events arrived (duplicates allowed), in per-client order after dedupe."""
    expected = committed(app)
    received = consume(bootstrap, prefix, {c.event_id for c in expected}, timeout_s=120)
    assert {r.envelope["event_id"] for r in received} == {c.event_id for c in expected}
    check_per_key_order(received)
    return len(received) - len(expected)


@pytest.fixture
def relay_infra(admin_dsn: str, kafka_bootstrap: str) -> InfraSettings:
    return InfraSettings(admin_database_url=admin_dsn, kafka_bootstrap=kafka_bootstrap)


@pytest.fixture
def database(relay_infra: InfraSettings) -> Iterator[tuple[str, SpotterApplication]]:
    with fresh_database(relay_infra) as url:
        app = open_application(url, create_table=True)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(migration_sql())  # as a deployment's migrations would
        try:
            yield url, app
        finally:
            app.close()


def test_kill_9_mid_stream_loses_nothing(database, relay_infra, tmp_path):
    url, app = database
    gym = Gym.open(app, trainers=2, clients=20)
    gym.bulk_client_events(4000)
    head = app.recorder.max_notification_id() or 0
    with unique_topics(relay_infra.kafka_bootstrap) as prefix:
        env = relay_env(url, relay_infra.kafka_bootstrap, prefix, "crashy",
                        SPOTTER_RELAY_BATCH_SIZE="50")
        relay = spawn_relay(env, tmp_path / "first.log")
        try:
            wait_for_position(url, "crashy", 400)
            helpers = psutil.Process(relay.pid).children(recursive=True)  # mapping workers
        finally:
            relay.send_signal(signal.SIGKILL)
            relay.wait(timeout=10)
        assert position(url, "crashy") < head, "the relay finished before it could be killed"
        assert helpers, "the relay maps in worker processes by default"
        _, orphans = psutil.wait_procs(helpers, timeout=15)
        assert not orphans, "worker processes outlived their killed relay"

        relay = spawn_relay(env, tmp_path / "second.log")
        try:
            wait_for_position(url, "crashy", head)
        finally:
            relay.send_signal(signal.SIGTERM)
            assert relay.wait(timeout=30) == 0
        assert assert_nothing_lost(app, relay_infra.kafka_bootstrap, prefix) >= 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def private_broker(tmp_path_factory, infra_settings) -> Iterator[KafkaServer]:
    libs = REPO_ROOT / ".local" / "kafka" / "libs"
    if not list(libs.glob("kafka_2.13-*.jar")) or shutil.which("java") is None:
        message = f"Kafka jars ({libs}) or java missing: run `make setup`"
        if infra_settings.require_infra:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("relay-broker")
    (root / "kafka").mkdir()
    (root / "kafka" / "libs").symlink_to(libs)
    port = free_port()
    settings = LocalStackSettings(local_dir=root, kafka_port=port,
                                  kafka_controller_port=free_port(), kafka_heap_mb=256)
    server = KafkaServer(settings)
    try:
        server.start()
    except StackError as exc:
        pytest.fail(f"private broker did not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def test_broker_stop_and_restart_mid_stream_loses_nothing(database, private_broker, tmp_path):
    url, app = database
    bootstrap = private_broker.settings.kafka_bootstrap
    gym = Gym.open(app, trainers=2, clients=20)
    gym.bulk_client_events(3000)
    log = tmp_path / "relay.log"
    with unique_topics(bootstrap) as prefix:
        env = relay_env(url, bootstrap, prefix, "weather", SPOTTER_RELAY_BATCH_SIZE="50",
                        SPOTTER_RELAY_REQUEST_TIMEOUT_MS="2000",
                        SPOTTER_RELAY_FLUSH_TIMEOUT_S="4",
                        SPOTTER_RELAY_MAX_BLOCK_MS="2000")
        relay = spawn_relay(env, log)
        try:
            wait_for_position(url, "weather", 300)
            private_broker.stop()
            stopped_at = position(url, "weather")
            gym.bulk_client_events(1000)  # the write side keeps accepting commands
            wait_for_log(log, "relay.kafka_unavailable", timeout_s=60)
            assert position(url, "weather") < (app.recorder.max_notification_id() or 0)
            private_broker.start()
            wait_for_position(url, "weather", app.recorder.max_notification_id() or 0)
            assert any(e.get("event") == "relay.kafka_recovered" for e in log_events(log))
            assert stopped_at < (app.recorder.max_notification_id() or 0)
        finally:
            relay.send_signal(signal.SIGTERM)
            relay.wait(timeout=60)
        assert assert_nothing_lost(app, bootstrap, prefix) >= 0
