"""The relay loop: wait for leadership, then tail the log, publish, record — in order, forever.

At-least-once: a batch's position is recorded only after Kafka acknowledged all of it, so a
crash between the two republishes that batch and nothing is ever skipped. Failures never skip
ahead either: publishing resumes from the recorded position after a bounded backoff. While
batch k is published, batch k+1 is already selected and being mapped (see mapping.py), and in a
backlog batch k+2 is being selected (source.ReadAhead).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import structlog
from eventsourcing.persistence import PersistenceError

from services.api.relay.backoff import Backoff
from services.api.relay.control import ControlSession, LeadershipLost
from services.api.relay.mapping import (
    InProcessMapper,
    MappingFailed,
    PendingMessages,
    ProcessPoolMapper,
)
from services.api.relay.publisher import KafkaPublisher, PublishFailed
from services.api.relay.source import NotificationLog, ReadAhead

log = structlog.get_logger("relay")

_SLICE_S = 0.25  # longest uninterrupted wait, so SIGTERM is honoured promptly
_PROGRESS_EVERY_S = 5.0


@dataclass
class RelayTuning:
    batch_size: int
    poll_interval_s: float
    standby_retry_s: float
    create_table: bool


@dataclass
class _Batch:
    first: int
    last: int
    size: int
    messages: PendingMessages


class Relay:
    def __init__(
        self,
        *,
        name: str,
        log_source: NotificationLog,
        mapper: InProcessMapper | ProcessPoolMapper,
        publisher: KafkaPublisher,
        connect_control: Callable[[], psycopg.Connection],
        tuning: RelayTuning,
        backoff: Backoff,
        stop: threading.Event,
    ) -> None:
        self._name = name
        self._log_source = log_source
        self._read = ReadAhead(log_source)
        self._mapper = mapper
        self._publisher = publisher
        self._connect_control = connect_control
        self._tuning = tuning
        self._backoff = backoff
        self._stop = stop
        self.published = 0  # records acknowledged by Kafka in this process
        self.position = 0  # last notification id recorded as published
        self.active_since: float | None = None  # monotonic time leadership began (workers up)

    def run(self) -> None:
        """Lead (or stand by) until ``stop`` is set; survives Kafka and PostgreSQL outages."""
        log.info("relay.starting", relay=self._name)
        try:
            while not self._stop.is_set():
                try:
                    with self._connect_control() as conn:
                        session = ControlSession(conn, self._name)
                        if self._tuning.create_table:
                            session.ensure_table()
                        if self._wait_for_leadership(session):
                            self._lead(session)
                except (psycopg.Error, PersistenceError, LeadershipLost) as exc:
                    # Our session (and with it the lock) is gone: reconnect and compete again.
                    delay = self._backoff.next_delay()
                    log.warning("relay.database_unavailable", error=str(exc), retry_in_s=delay)
                    self._sleep(delay)
        finally:
            self._read.close()
            self._publisher.close()
            self._mapper.close()
            log.info("relay.stopped", relay=self._name, position=self.position,
                     published=self.published)

    def _wait_for_leadership(self, session: ControlSession) -> bool:
        announced = False
        while not self._stop.is_set():
            if session.try_lead():
                return True
            if not announced:
                log.info("relay.standby", relay=self._name)
                announced = True
            self._sleep(self._tuning.standby_retry_s)
        return False

    def _lead(self, session: ControlSession) -> None:
        # LISTEN before the first select: a commit after that select is then never missed.
        session.listen(self._log_source.channel)
        self._read.forget()
        self.position = session.position()
        try:
            self._mapper.warm_up()
        except MappingFailed as exc:
            self._mapping_failed(exc)
            return
        self.active_since = time.monotonic()
        log.info("relay.active", relay=self._name, position=self.position)
        self._backoff.reset()
        read_to = self.position  # selected (and being mapped) up to here
        pending: _Batch | None = None
        last_progress = time.monotonic()
        while not self._stop.is_set():
            rows = self._read.after(read_to, self._tuning.batch_size)
            ahead = None
            if len(rows) == self._tuning.batch_size:  # a backlog: select on while publishing
                self._read.start(rows[-1].id, self._tuning.batch_size)
            if rows:
                try:
                    ahead = _Batch(rows[0].id, rows[-1].id, len(rows), self._mapper.submit(rows))
                except MappingFailed as exc:
                    self._mapping_failed(exc)
                    read_to, pending = self.position, None
                    continue
                read_to = rows[-1].id
            if pending is not None and not self._publish(session, pending):
                read_to, pending = self.position, None  # retry from what Kafka acknowledged
                continue
            pending = ahead
            if time.monotonic() - last_progress >= _PROGRESS_EVERY_S:
                last_progress = time.monotonic()
                self._log_progress()
            if pending is None:
                self._wait_for_notify(session)

    def _publish(self, session: ControlSession, batch: _Batch) -> bool:
        try:
            messages = batch.messages.result()
        except MappingFailed as exc:
            self._mapping_failed(exc)
            return False
        session.assert_leading()
        try:
            self._publisher.publish(messages)
        except PublishFailed as exc:
            delay = self._backoff.next_delay()
            log.warning("relay.kafka_unavailable", error=str(exc), retry_in_s=delay,
                        position=self.position, lag=self._lag(),
                        failures=self._backoff.failures)
            self._sleep(delay)
            return False
        session.record(batch.last)
        if self._backoff.failures:
            log.info("relay.kafka_recovered", position=batch.last, lag=self._lag())
        self._backoff.reset()
        log.debug("relay.batch_published", first=batch.first, last=batch.last,
                  messages=len(messages))
        self.position = batch.last
        self.published += len(messages)
        return True

    def _mapping_failed(self, exc: MappingFailed) -> None:
        # A stored event without a public mapping is a bug to fix, never a reason to skip it:
        # the relay holds its position and retries (deploying the fix unblocks it).
        delay = self._backoff.next_delay()
        log.error("relay.mapping_failed", error=str(exc), after_position=self.position,
                  retry_in_s=delay)
        self._sleep(delay)

    def _wait_for_notify(self, session: ControlSession) -> None:
        deadline = time.monotonic() + self._tuning.poll_interval_s
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0 or session.wait_for_notify(min(remaining, _SLICE_S)):
                return

    def _log_progress(self) -> None:
        log.info("relay.progress", relay=self._name, position=self.position,
                 published=self.published, lag=self._lag())

    def _lag(self) -> int | None:
        try:
            return max(0, self._log_source.head() - self.position)
        except (psycopg.Error, PersistenceError):
            return None

    def _sleep(self, seconds: float) -> None:
        self._stop.wait(seconds)
