"""The partition of each key, computed once per key instead of once per record.

kafka-python's default partitioner hashes every record's key with murmur2 in pure Python; a
client's events all carry the client's id as key, so the relay remembers the answer. It is the
default partitioner's own rule (murmur2 of the key bytes over the sorted partition ids, as the
Java client does), so every key keeps landing on the partition it always did; the memory is
dropped whenever the topic's partition set changes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from kafka.partitioner.default import murmur2

_MAX_KEYS = 200_000  # bounds memory; forgetting only costs a hash per key again


class KeyPartitions:
    """``partition(topic, key)`` for keyed records, from ``partitions_for(topic)``'s ids."""

    def __init__(self, partitions_for: Callable[[str], Collection[int] | None]) -> None:
        self._partitions_for = partitions_for
        self._topics: dict[str, tuple[list[int], dict[bytes, int]]] = {}

    def refresh(self, topics: Collection[str]) -> None:
        """Re-read the partition ids of ``topics`` (once per batch, from the producer's
        metadata); forget a topic's keys when its partitions changed."""
        for topic in topics:
            ids = sorted(self._partitions_for(topic) or ())
            known = self._topics.get(topic)
            if not ids:
                self._topics.pop(topic, None)  # the producer then decides, as it always did
            elif known is None or known[0] != ids:
                self._topics[topic] = (ids, {})

    def partition(self, topic: str, key: bytes) -> int | None:
        known = self._topics.get(topic)
        if known is None:
            return None
        ids, by_key = known
        partition = by_key.get(key)
        if partition is None:
            if len(by_key) >= _MAX_KEYS:
                by_key.clear()
            partition = by_key[key] = ids[(murmur2(key) & 0x7FFFFFFF) % len(ids)]
        return partition
