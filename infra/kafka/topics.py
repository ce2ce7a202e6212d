"""Create the public topics (shared/events/topics.py) with the configured partition count.

Idempotent: existing topics are left alone. Usage: python -m infra.kafka.topics
"""

from __future__ import annotations

import sys
import time

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from shared.events.topics import all_topic_names

# Event topics are a history that projectors may replay from the start: never expire them.
TOPIC_CONFIG = {"retention.ms": "-1", "min.insync.replicas": "1"}


def create_topics(
    admin: KafkaAdminClient,
    names: tuple[str, ...] | list[str],
    partitions: int,
    config: dict[str, str] | None = None,
    timeout_s: float = 30.0,
) -> list[str]:
    """Create the missing topics and wait until the broker reports them; returns those created."""
    missing = [name for name in names if name not in set(admin.list_topics())]
    if missing:
        new = [
            NewTopic(name, num_partitions=partitions, replication_factor=1,
                     topic_configs=dict(config or TOPIC_CONFIG))
            for name in missing
        ]  # fmt: skip
        try:
            admin.create_topics(new, timeout_ms=int(timeout_s * 1000))
        except TopicAlreadyExistsError:
            pass  # created concurrently by another caller
    _wait_visible(admin, list(names), timeout_s)
    return missing


def delete_topics(admin: KafkaAdminClient, names: list[str], timeout_s: float = 30.0) -> None:
    present = [name for name in names if name in set(admin.list_topics())]
    if present:
        admin.delete_topics(present, timeout_ms=int(timeout_s * 1000))


def _wait_visible(admin: KafkaAdminClient, names: list[str], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        described = admin.describe_topics(names)
        if all(t.get("error_code") == 0 and t.get("partitions") for t in described):
            return
        if time.monotonic() > deadline:
            raise KafkaError(f"topics not visible after {timeout_s}s: {names}")
        time.sleep(0.2)


def create_project_topics(bootstrap: str, prefix: str, partitions: int) -> list[str]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="spotter-infra")
    try:
        return create_topics(admin, all_topic_names(prefix), partitions)
    finally:
        admin.close()


def main() -> int:
    from infra.settings import LocalStackSettings

    settings = LocalStackSettings()
    try:
        created = create_project_topics(
            settings.kafka_bootstrap, settings.topic_prefix, settings.topic_partitions
        )
    except KafkaError as exc:
        sys.stderr.write(f"topics: Kafka at {settings.kafka_bootstrap} failed: {exc}\n")
        return 1
    sys.stdout.write(f"topics: {len(created)} created ({', '.join(created) or 'all existed'})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
