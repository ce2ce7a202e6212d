"""A fresh PostgreSQL database per test module, owned by the owner role and migrated by the
project's runner (infra.postgres.migrate); the projector then works through the unprivileged
spotter_app role, as in production. Kafka tests get a unique topic prefix."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from infra.postgres.migrate import apply_migrations
from infra.settings import LocalStackSettings
from shared.events import topics


@dataclass(frozen=True)
class Database:
    name: str
    app_dsn: str
    owner_dsn: str


@pytest.fixture(scope="module")
def database() -> Iterator[Database]:
    # the stack's addresses (a bare SPOTTER_PG_PORT moves them all), as tests/conftest.py
    infra = LocalStackSettings()
    owner_dsn = infra.owner_database_url
    owner = conninfo_to_dict(owner_dsn).get("user") or "spotter_owner"
    name = f"test_projector_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
            sql.Identifier(name), sql.Identifier(str(owner))))
    db = Database(name, make_conninfo(infra.database_url, dbname=name),
                  make_conninfo(owner_dsn, dbname=name))
    try:
        apply_migrations(db.owner_dsn)
        yield db
    finally:
        with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


@pytest.fixture
def fresh_schema(database: Database) -> Iterator[str]:
    """An empty, uniquely named set of read-model tables (the rebuild's own installer)."""
    schema = f"rm_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database.owner_dsn, autocommit=True) as conn:
        conn.execute("SELECT public.spotter_readmodel_install(%s)", (schema,))
    yield schema
    with psycopg.connect(database.owner_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(scope="module")
def kafka_topics() -> Iterator[tuple[str, KafkaAdminClient]]:
    """A unique topic prefix with its clients and dead-letter topics (3 partitions), on the
    broker of SPOTTER_KAFKA_BOOTSTRAP; skipped when no broker listens there."""
    bootstrap = LocalStackSettings().kafka_bootstrap
    # `make test` sets SPOTTER_REQUIRE_INFRA: a missing broker fails instead of skipping
    unavailable = pytest.fail if LocalStackSettings().require_infra else pytest.skip
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    except Exception as exc:  # no broker: nothing here can run
        unavailable(f"no Kafka broker at {bootstrap}: {exc!r}")
    prefix = f"test-projector-{uuid.uuid4().hex[:8]}"
    names = [topics.topic_name(prefix, topics.CLIENTS), topics.topic_name(prefix,
                                                                          topics.DEAD_LETTER)]
    admin.create_topics([NewTopic(n, 3, 1) for n in names])
    yield prefix, admin
    admin.delete_topics(names)
    admin.close()
