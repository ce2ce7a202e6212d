"""Bring PostgreSQL and Kafka up (provisioned, migrated, topics created) or down."""

from __future__ import annotations

from collections.abc import Callable

from infra.kafka.server import KafkaServer
from infra.kafka.topics import create_project_topics
from infra.postgres.migrate import apply_migrations
from infra.postgres.provision import provision
from infra.postgres.server import PostgresServer
from infra.settings import LocalStackSettings

Say = Callable[[str], None]


def infra_up(settings: LocalStackSettings, say: Say) -> None:
    postgres = PostgresServer(settings)
    started = postgres.start()
    say(f"postgres   {'started' if started else 'already running'} on 127.0.0.1:{settings.pg_port}")
    kafka = KafkaServer(settings)
    started = kafka.start()
    say(f"kafka      {'started' if started else 'already running'} on {settings.kafka_bootstrap}")
    prepare(settings, say)


def prepare(settings: LocalStackSettings, say: Say) -> None:
    """Roles, database, migrations and topics on servers that already run (local or not)."""
    provision(settings.admin_database_url)
    applied = apply_migrations(settings.owner_database_url)
    say(f"migrations {len(applied)} applied{': ' + ', '.join(applied) if applied else ''}")
    created = create_project_topics(
        settings.kafka_bootstrap, settings.topic_prefix, settings.topic_partitions
    )
    say(f"topics     {len(created)} created, {settings.topic_partitions} partitions each")


def infra_down(settings: LocalStackSettings, say: Say) -> None:
    say(f"kafka      {'stopped' if KafkaServer(settings).stop() else 'was not running'}")
    say(f"postgres   {'stopped' if PostgresServer(settings).stop() else 'was not running'}")
