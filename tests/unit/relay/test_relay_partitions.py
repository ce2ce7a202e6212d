"""KeyPartitions: the partition kafka-python's default partitioner would pick, once per key."""

from __future__ import annotations

import random
import uuid

from kafka.partitioner.default import DefaultPartitioner

from services.api.relay.partitions import KeyPartitions


class Cluster:
    """The slice of kafka-python's ClusterMetadata the default partitioner reads."""

    def __init__(self, partitions: dict[str, set[int]]) -> None:
        self.partitions = partitions
        self.reads = 0

    def topics(self) -> set[str]:
        return set(self.partitions)

    def partitions_for_topic(self, topic: str) -> set[int] | None:
        self.reads += 1
        return self.partitions.get(topic)

    def available_partitions_for_topic(self, topic: str) -> set[int]:
        return self.partitions.get(topic, set())


def producer_choice(cluster: Cluster, topic: str, key: bytes) -> int:
    return DefaultPartitioner().partition(topic, None, key, None, None, cluster)


def test_every_key_lands_where_the_default_partitioner_puts_it() -> None:
    rng = random.Random(3)
    cluster = Cluster({"p.clients.v1": set(range(6)), "p.trainers.v1": {0, 2, 5},
                       "p.organizations.v1": {0}})
    partitions = KeyPartitions(cluster.partitions_for_topic)
    partitions.refresh(cluster.topics())
    keys = [str(uuid.UUID(int=rng.getrandbits(128))).encode() for _ in range(500)]
    keys += [b"", b"x", "ключ".encode(), bytes(range(256))]
    for topic in cluster.topics():
        for key in keys + keys:  # the second time from memory
            assert partitions.partition(topic, key) == producer_choice(cluster, topic, key)


def test_a_changed_partition_set_is_noticed_and_an_unknown_topic_left_to_the_producer() -> None:
    cluster = Cluster({"t": {0, 1}})
    partitions = KeyPartitions(cluster.partitions_for_topic)
    partitions.refresh({"t", "missing"})
    keys = [f"client-{i}".encode() for i in range(200)]
    before = [partitions.partition("t", k) for k in keys]
    assert partitions.partition("missing", b"k") is None
    cluster.partitions["t"] = set(range(12))
    partitions.refresh({"t"})
    after = [partitions.partition("t", k) for k in keys]
    assert after == [producer_choice(cluster, "t", k) for k in keys] and after != before
