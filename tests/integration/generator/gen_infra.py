"""Real infrastructure for the generator's integration tests: a fresh PostgreSQL database
with the project's migrations, uniquely prefixed Kafka topics, and worker settings for both.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from kafka.admin import KafkaAdminClient, NewTopic
from psycopg import sql
from psycopg.conninfo import make_conninfo

from infra.postgres.migrate import apply_migrations
from infra.settings import LocalStackSettings
from services.generator.adapters.events import dead_letter_topic, requests_topic
from services.generator.settings import GeneratorSettings
from shared.events import topics
from shared.platform.settings import InfraSettings

DEV_BROKER = "127.0.0.1:19092"


def _kafka_bootstrap() -> str:
    """SPOTTER_KAFKA_BOOTSTRAP when set, else the shared development broker."""
    infra = InfraSettings()
    return infra.kafka_bootstrap if "kafka_bootstrap" in infra.model_fields_set else DEV_BROKER


KAFKA = _kafka_bootstrap()


@dataclass
class TestDatabase:
    name: str
    app_dsn: str

    @classmethod
    def create(cls) -> TestDatabase:
        infra = LocalStackSettings()  # honours SPOTTER_PG_PORT, like tests/conftest.py
        name = f"test_generator_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        apply_migrations(make_conninfo(infra.admin_database_url, dbname=name))
        return cls(name, make_conninfo(infra.database_url, dbname=name))

    def drop(self) -> None:
        with psycopg.connect(LocalStackSettings().admin_database_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(self.name)))


class TestTopics:
    def __init__(self, partitions: int = 3) -> None:
        self.prefix = f"gtest{uuid.uuid4().hex[:10]}"
        self.partitions = partitions
        self.names = [topics.topic_name(self.prefix, t) for t in topics.ALL]
        self._admin = KafkaAdminClient(bootstrap_servers=KAFKA, client_id="generator-tests")
        self._admin.create_topics([NewTopic(n, partitions, 1) for n in self.names])
        self._wait_for_leaders(partitions)

    def _wait_for_leaders(self, partitions: int, timeout_s: float = 15) -> None:
        # A consumer that joins before the new partitions have leaders is assigned nothing.
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            described = self._admin.describe_topics(self.names)
            ready = [t for t in described if t["error_code"] == 0 and
                     len([p for p in t["partitions"] if p["leader_id"] >= 0]) == partitions]
            if len(ready) == len(self.names):
                return
            time.sleep(0.1)
        raise AssertionError(f"topics {self.names} have no leaders after {timeout_s}s")

    @property
    def requests(self) -> str:
        return requests_topic(self.prefix)

    @property
    def dead_letter(self) -> str:
        return dead_letter_topic(self.prefix)

    def delete(self) -> None:
        try:
            self._admin.delete_topics(self.names)
        finally:
            self._admin.close()


def settings_for(db: TestDatabase, kafka_topics: TestTopics, **kw: Any) -> GeneratorSettings:
    infra = InfraSettings(database_url=db.app_dsn, kafka_bootstrap=KAFKA,
                          topic_prefix=kafka_topics.prefix)
    base: dict[str, Any] = dict(infra=infra, consumer_group=f"{kafka_topics.prefix}-gen",
                                metrics_port=0, watermark_timeout_s=2.0, retry_backoff_s=0.05,
                                poll_timeout_ms=100)
    base.update(kw)
    return GeneratorSettings(**base)
