"""Fixtures over the PostgreSQL and Kafka that `make test` (or `make infra-up`) started.

Addresses come from LocalStackSettings (InfraSettings plus the SPOTTER_PG_PORT /
SPOTTER_KAFKA_PORT shortcuts). Nothing connects until a test asks for a fixture, so unit tests
never need the servers. When a server is down the test is skipped with the reason, or fails
when SPOTTER_REQUIRE_INFRA=1 (as under `make test`), so CI never passes by skipping.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from infra.kafka.topics import create_topics, delete_topics
from infra.postgres.migrate import apply_migrations
from infra.postgres.provision import create_database, drop_database, ensure_roles
from infra.settings import LocalStackSettings


class FreshDatabase(NamedTuple):
    app_dsn: str  # spotter_app: what services connect as
    owner_dsn: str  # spotter_owner: owns the schema, ran the migrations
    name: str


def with_database(url: str, name: str) -> str:
    """The same connection URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _unavailable(settings: LocalStackSettings, what: str) -> None:
    message = f"{what} is not running: start it with `make infra-up` (or run `make test`)"
    if settings.require_infra:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def infra_settings() -> LocalStackSettings:
    return LocalStackSettings()


@pytest.fixture(scope="session")
def admin_dsn(infra_settings: LocalStackSettings) -> str:
    """Superuser DSN (database `postgres`): provisioning and assertions only, never app code."""
    dsn = infra_settings.admin_database_url
    try:
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError:
        _unavailable(infra_settings, f"PostgreSQL at {dsn}")
    ensure_roles(dsn)
    return dsn


@pytest.fixture(scope="module")
def fresh_database(
    admin_dsn: str, infra_settings: LocalStackSettings
) -> Iterator[FreshDatabase]:
    """A uniquely named database for this test module, migrations applied, dropped afterwards."""
    name = unique_name("spotter_test")
    create_database(admin_dsn, name)
    try:
        owner_dsn = with_database(infra_settings.owner_database_url, name)
        apply_migrations(owner_dsn)
        yield FreshDatabase(
            app_dsn=with_database(infra_settings.database_url, name),
            owner_dsn=owner_dsn,
            name=name,
        )
    finally:
        drop_database(admin_dsn, name)


@pytest.fixture(scope="session")
def kafka_bootstrap(infra_settings: LocalStackSettings) -> str:
    bootstrap = infra_settings.kafka_bootstrap
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap, request_timeout_ms=5000, bootstrap_timeout_ms=5000
        )
        admin.close()
    except KafkaError:
        _unavailable(infra_settings, f"Kafka at {bootstrap}")
    return bootstrap


@pytest.fixture(scope="session")
def kafka_admin(kafka_bootstrap: str) -> Iterator[KafkaAdminClient]:
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap, client_id="spotter-tests")
    yield admin
    admin.close()


@pytest.fixture
def unique_topic(kafka_admin: KafkaAdminClient) -> Iterator[Callable[..., str]]:
    """Factory: unique_topic(partitions=1, prefix="test") -> a new topic's name, deleted after."""
    created: list[str] = []

    def make(partitions: int = 1, prefix: str = "test") -> str:
        name = f"{prefix}.{uuid.uuid4().hex[:12]}"
        create_topics(kafka_admin, [name], partitions, config={})
        created.append(name)
        return name

    yield make
    if created:
        delete_topics(kafka_admin, created)
