"""Bounded exponential backoff for retrying Kafka (and PostgreSQL) outages."""

from __future__ import annotations


class Backoff:
    """Delays that double from ``initial_s`` up to ``max_s``; ``reset()`` after a success."""

    def __init__(self, initial_s: float, max_s: float) -> None:
        if initial_s <= 0 or max_s < initial_s:
            raise ValueError("need 0 < initial_s <= max_s")
        self._initial_s = initial_s
        self._max_s = max_s
        self._next_s = initial_s
        self.failures = 0

    def next_delay(self) -> float:
        delay = self._next_s
        self._next_s = min(self._next_s * 2, self._max_s)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self._next_s = self._initial_s
        self.failures = 0
