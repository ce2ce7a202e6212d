"""Notices a Kafka consumer that stopped making progress, so the loop can replace it.

After a broker restart (or a group rejoin after kill -9) a kafka-python consumer can stay
silent: polls return nothing although its partitions have records, or it never gets an
assignment again. A fresh consumer resumes from the committed offsets; a record that was
handled but not committed is redelivered and found answered (the session's version check).
"""

from __future__ import annotations

import time
from typing import Callable

import structlog
from kafka import KafkaConsumer
from kafka.errors import KafkaError

log = structlog.get_logger(__name__)


class ConsumerWatchdog:
    def __init__(self, stuck_after_s: float = 20.0, check_every_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stuck_after_s = stuck_after_s
        self.check_every_s = check_every_s
        self._clock = clock
        self.reset()

    def reset(self) -> None:
        """A new consumer: every timer starts again."""
        now = self._clock()
        self._progress_at = now  # last time records came, or nothing was waiting
        self._assigned_at = now  # last time the consumer had partitions
        self._polled_ok_at = now  # last poll that did not raise
        self._checked_at = now
        self._unknown_since: float | None = None  # since when lag could not be checked

    def observe(self, consumer: KafkaConsumer, polled: int, poll_failed: bool) -> bool:
        """Called after each poll; True when the consumer looks stuck and should be replaced."""
        now = self._clock()
        if not poll_failed:
            self._polled_ok_at = now
        if polled:
            self._progress_at = now
        if now - self._checked_at < self.check_every_s:
            return False
        self._checked_at = now
        reason = self._stuck_reason(consumer, now)
        if reason is None:
            return False
        log.warning("consumer_stuck", reason=reason, after_s=self.stuck_after_s)
        return True

    def _stuck_reason(self, consumer: KafkaConsumer, now: float) -> str | None:
        if now - self._polled_ok_at > self.stuck_after_s:
            return "poll_failing"
        assigned = consumer.assignment()
        if assigned:
            self._assigned_at = now
        elif now - self._assigned_at > self.stuck_after_s:
            return "no_assignment"
        if now - self._progress_at <= self.stuck_after_s:
            return None
        waiting = self._records_waiting(consumer, assigned)
        if waiting is None:  # e.g. the broker is still down: give it time, then start afresh
            if self._unknown_since is None:
                self._unknown_since = now
            return "broker_unreachable" if now - self._unknown_since > self.stuck_after_s \
                else None
        self._unknown_since = None
        if not waiting:
            self._progress_at = now  # idle, not stuck
            return None
        return "records_not_fetched"

    def _records_waiting(self, consumer: KafkaConsumer, assigned: set) -> bool | None:
        """Do unpaused partitions have records past the position? None: cannot tell."""
        active = [tp for tp in assigned if tp not in consumer.paused()]
        if not active:
            return False  # paused ones have work in flight: their worker decides
        try:
            ends = consumer.end_offsets(active, timeout_ms=5_000)
            positions = {tp: consumer.position(tp, timeout_ms=5_000) for tp in active}
        except KafkaError as exc:
            log.info("consumer_check_failed", error=type(exc).__name__)
            return None
        # No position yet (offsets never resolved) counts as waiting: nothing can be fetched.
        return any(positions[tp] is None or ends.get(tp, 0) > positions[tp] for tp in active)
