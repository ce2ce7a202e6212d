"""Real PostgreSQL databases, Kafka topics, a plain consumer and relay processes for relay tests.

Shared by tests/integration/relay and tests/faults/test_relay_faults.py. Only the documented
contract is used on the consuming side: JSON values and string headers, no project code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from kafka import KafkaAdminClient, KafkaConsumer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, UnknownTopicOrPartitionError

from shared.events.topics import ALL, topic_name
from shared.platform.settings import REPO_ROOT, InfraSettings

APP_ROLE = "spotter_app"


def database_url(base_url: str, database: str, user: str = APP_ROLE) -> str:
    """``base_url`` pointed at another database as ``user`` (password = role name on dev)."""
    info = psycopg.conninfo.conninfo_to_dict(base_url)
    info.update(dbname=database, user=user, password=user)
    return psycopg.conninfo.make_conninfo(**info)


@contextmanager
def fresh_database(infra: InfraSettings) -> Iterator[str]:
    """A uniquely named database owned by spotter_app; yields its app DSN; dropped afterwards."""
    name = f"relay_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" OWNER {APP_ROLE}')
    try:
        yield database_url(infra.admin_database_url, name)
    finally:
        with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def kafka_answers(bootstrap: str, timeout_ms: int = 3000) -> bool:
    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    except KafkaError:
        return False
    try:
        admin.describe_cluster()
        return True
    except KafkaError:
        return False
    finally:
        admin.close()


@contextmanager
def unique_topics(bootstrap: str, partitions: int = 6) -> Iterator[str]:
    """The four catalogue topics under a unique prefix; yields the prefix; deleted afterwards."""
    prefix = f"relaytest{uuid.uuid4().hex[:10]}"
    names = [topic_name(prefix, t) for t in ALL]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.create_topics([NewTopic(n, partitions, 1) for n in names])
        yield prefix
    finally:
        try:
            admin.delete_topics(names)
        except (UnknownTopicOrPartitionError, KafkaError):
            pass  # a broker that went away with its data needs no cleanup
        admin.close()


@dataclass(frozen=True)
class Received:
    topic: str
    partition: int
    offset: int
    key: str
    envelope: dict[str, Any]
    headers: dict[str, str]


def consume(bootstrap: str, prefix: str, expected_ids: set[str], timeout_s: float = 60.0
            ) -> list[Received]:
    """Every record of the prefix's topics until all ``expected_ids`` were seen (or timeout)."""
    consumer = KafkaConsumer(
        *[topic_name(prefix, t) for t in ALL],
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        consumer_timeout_ms=1000,
    )
    received: list[Received] = []
    seen: set[str] = set()
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and not expected_ids <= seen:
            for record in consumer:
                envelope = json.loads(record.value)
                received.append(Received(
                    topic=record.topic, partition=record.partition, offset=record.offset,
                    key=record.key.decode(), envelope=envelope,
                    headers={k: v.decode() for k, v in record.headers},
                ))
                seen.add(envelope["event_id"])
                if expected_ids <= seen:
                    break
        # Drain what else is there (duplicates a test must see), briefly.
        for record in consumer:
            envelope = json.loads(record.value)
            received.append(Received(
                topic=record.topic, partition=record.partition, offset=record.offset,
                key=record.key.decode(), envelope=envelope,
                headers={k: v.decode() for k, v in record.headers},
            ))
    finally:
        consumer.close()
    return received


def relay_env(database_url: str, bootstrap: str, prefix: str, name: str, **extra: str
              ) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "SPOTTER_DATABASE_URL": database_url,
        "SPOTTER_KAFKA_BOOTSTRAP": bootstrap,
        "SPOTTER_TOPIC_PREFIX": prefix,
        "SPOTTER_LOG_JSON": "true",
        "SPOTTER_LOG_LEVEL": "DEBUG",
        "SPOTTER_RELAY_NAME": name,
        "SPOTTER_RELAY_POLL_INTERVAL_S": "1",
        "SPOTTER_RELAY_STANDBY_RETRY_S": "0.2",
        "SPOTTER_RELAY_BACKOFF_MAX_S": "2",
        # Test databases are not migrated: the relay creates its position table itself.
        "SPOTTER_RELAY_CREATE_TABLE": "true",
    })
    env.update(extra)
    return env


def spawn_relay(env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """``python -m services.api.relay`` as a child process logging JSON lines to ``log_path``."""
    log = log_path.open("ab")
    return subprocess.Popen([sys.executable, "-m", "services.api.relay"], cwd=REPO_ROOT,
                            env=env, stdout=log, stderr=log)


def log_events(log_path: Path) -> list[dict[str, Any]]:
    events = []
    for line in log_path.read_text().splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # stdlib log lines of libraries
    return events


def wait_for_log(log_path: Path, event: str, timeout_s: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for entry in log_events(log_path):
            if entry.get("event") == event:
                return entry
        time.sleep(0.1)
    raise AssertionError(f"{event} not logged in {timeout_s}s: {log_path.read_text()[-2000:]}")
