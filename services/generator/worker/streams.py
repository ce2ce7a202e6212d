"""Stream declarations: the consumer of session requests and the dead-letter producer."""

from __future__ import annotations

from kafka import KafkaConsumer, KafkaProducer

from services.generator.adapters.events import requests_topic
from services.generator.settings import GeneratorSettings


def consumer(settings: GeneratorSettings) -> KafkaConsumer:
    infra = settings.infra
    c = KafkaConsumer(
        bootstrap_servers=infra.kafka_bootstrap, group_id=settings.consumer_group,
        client_id=f"{settings.consumer_group}-worker",
        enable_auto_commit=False,  # offsets are committed after the result is recorded
        auto_offset_reset="earliest", max_poll_records=20, fetch_max_wait_ms=settings.fetch_max_wait_ms,
        session_timeout_ms=10_000, heartbeat_interval_ms=2_000,
        max_poll_interval_ms=300_000,
        # Partitions added to the topic (or a topic created after start) are picked up soon.
        metadata_max_age_ms=30_000,
    )
    c.subscribe([requests_topic(infra.topic_prefix)])
    return c


def dead_letter_producer(settings: GeneratorSettings) -> KafkaProducer:
    return KafkaProducer(bootstrap_servers=settings.infra.kafka_bootstrap,
                         enable_idempotence=True, acks="all", linger_ms=0)
