"""Kafka helpers for the projector tests."""

from __future__ import annotations

from kafka import KafkaProducer

from infra.settings import LocalStackSettings
from services.projector.envelope import encode
from services.projector.settings import ProjectorSettings
from shared.events import topics
from shared.platform.settings import InfraSettings


def settings_for(database, prefix: str, group: str) -> ProjectorSettings:
    stack = LocalStackSettings()  # the stack's addresses, as tests/conftest.py
    infra = InfraSettings(database_url=database.app_dsn, topic_prefix=prefix,
                          admin_database_url=stack.admin_database_url,
                          kafka_bootstrap=stack.kafka_bootstrap)
    return ProjectorSettings(infra=infra, group_id=group,
                             topics=[topics.topic_name(prefix, topics.CLIENTS)])


def produce(bootstrap: str, topic: str, envs: list[dict], extra: bytes | None = None) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    for env in envs:
        key = (env.get("client_id") or env["aggregate_id"]).encode()
        producer.send(topic, key=key, value=encode(env),
                      headers=[("event_type", env["type"].encode())])
    if extra is not None:
        producer.send(topic, key=b"garbage", value=extra)
    producer.flush()
    producer.close()
