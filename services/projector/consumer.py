"""The projector's Kafka consumer loop: poll a batch, apply it with its positions in one
PostgreSQL transaction, then commit the Kafka offsets.

PostgreSQL is the source of truth for positions: on assignment each partition is sought to the
offset after the one stored there, and the Kafka commit is only a hint for tools. That also makes
a stuck consumer cheap to replace: after a broker restart a kafka-python consumer can stay
silent with records waiting, so a watchdog notices and a fresh consumer resumes from PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import psycopg
import structlog
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata

from services.projector.apply import BatchResult, Message, apply_batch
from services.projector.db import connect
from services.projector.settings import ProjectorSettings
from shared.platform.kafka_watchdog import ConsumerWatchdog

log = structlog.get_logger(__name__)


def stored_offsets(conn: psycopg.Connection, schema: str,
                   tps: list[TopicPartition]) -> dict[TopicPartition, int]:
    """The last applied offset of each partition that has one."""
    with conn.cursor() as cur:
        cur.execute(psycopg.sql.SQL('SELECT topic, partition, "offset" FROM {}.stream_positions')
                    .format(psycopg.sql.Identifier(schema)))
        stored = {TopicPartition(t, p): o for t, p, o in cur.fetchall()}
    return {tp: stored[tp] for tp in tps if tp in stored}


def seek_to_stored(consumer: KafkaConsumer, conn: psycopg.Connection, schema: str,
                   tps: list[TopicPartition]) -> None:
    offsets = stored_offsets(conn, schema, tps)
    for tp in tps:
        if tp in offsets:
            consumer.seek(tp, offsets[tp] + 1)
        else:
            consumer.seek_to_beginning(tp)
    log.info("partitions_sought", positions={f"{tp.topic}/{tp.partition}": offsets.get(tp)
                                             for tp in tps})


class _ResumeFromPostgres(ConsumerRebalanceListener):
    def __init__(self, projector: "Projector") -> None:
        self.projector = projector

    def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        log.info("partitions_revoked", count=len(revoked))  # every batch is already committed

    def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        try:
            self.projector.seek(list(assigned))
        except psycopg.Error as exc:
            log.warning("seek_failed", error=str(exc))
            self.projector.needs_seek = True


class Projector:
    """One consumer-group member. ``run`` returns when ``stop`` is set, after its batch."""

    def __init__(self, settings: ProjectorSettings,
                 on_batch: Callable[[BatchResult], None] | None = None,
                 watchdog: ConsumerWatchdog | None = None) -> None:
        self.settings = settings
        self.on_batch = on_batch
        self.watchdog = watchdog or ConsumerWatchdog(settings.stuck_after_s)
        self.replaced = 0  # consumers replaced after the watchdog found them stuck
        self.conn: psycopg.Connection | None = None
        self.consumer: KafkaConsumer | None = None
        self.producer: KafkaProducer | None = None
        # set when a batch failed: nothing more is polled until the consumer is sought back to
        # the positions stored in PostgreSQL, or the failed batch would be skipped
        self.needs_seek = False

    def _connect(self) -> psycopg.Connection:
        if self.conn is None or self.conn.closed:
            self.conn = connect(self.settings.infra.database_url, autocommit=True)
        return self.conn

    def seek(self, tps: list[TopicPartition]) -> None:
        assert self.consumer is not None
        seek_to_stored(self.consumer, self._connect(), self.settings.schema_name, tps)

    def _dead_letter(self, m: Message, reason: str) -> None:
        assert self.producer is not None
        headers = [("reason", reason.encode()), ("original_topic", m.topic.encode()),
                   ("original_partition", str(m.partition).encode()),
                   ("original_offset", str(m.offset).encode()), *m.headers]
        self.producer.send(self.settings.dead_letter_topic(), key=m.key, value=m.value,
                           headers=headers).get(timeout=30)

    def _open_consumer(self) -> KafkaConsumer:
        s = self.settings
        consumer = KafkaConsumer(
            bootstrap_servers=s.infra.kafka_bootstrap, group_id=s.group_id,
            enable_auto_commit=False, auto_offset_reset="earliest",
            fetch_max_wait_ms=s.fetch_max_wait_ms, max_poll_records=s.max_batch)
        for topic in s.topic_names():
            # metadata first: joining the group before it is known costs a second rebalance
            consumer.partitions_for_topic(topic)
        consumer.subscribe(s.topic_names(), listener=_ResumeFromPostgres(self))
        return consumer

    def run(self, stop: threading.Event) -> None:
        s = self.settings
        self.producer = KafkaProducer(bootstrap_servers=s.infra.kafka_bootstrap,
                                      enable_idempotence=True, acks="all")
        self.consumer = self._open_consumer()
        self.watchdog.reset()
        log.info("projector_started", topics=s.topic_names(), group=s.group_id)
        try:
            while not stop.is_set():
                self._step(stop)
        finally:
            self.consumer.close(autocommit=False)
            self.producer.close(timeout=5)
            if self.conn is not None:
                self.conn.close()
            log.info("projector_stopped")

    def _step(self, stop: threading.Event) -> None:
        assert self.consumer is not None
        if self.needs_seek and not self._reseek():
            stop.wait(1.0)
            return
        try:
            polled = self.consumer.poll(timeout_ms=self.settings.poll_timeout_ms,
                                        max_records=self.settings.max_batch)
        except KafkaError as exc:  # the broker is away: the watchdog decides when to start afresh
            log.warning("poll_failed", error=type(exc).__name__)
            self._watch(0, poll_failed=True)
            stop.wait(1.0)
            return
        count = sum(len(records) for records in polled.values())
        if count:
            self._apply(polled)
        self._watch(count, poll_failed=False)

    def _apply(self, polled: dict) -> None:
        messages = [Message(r.topic, r.partition, r.offset, r.value, r.key,
                            tuple((k, v) for k, v in (r.headers or [])))
                    for records in polled.values() for r in records]
        last = messages[-1]
        bound = log.bind(topic=last.topic, partition=last.partition, offset=last.offset,
                         count=len(messages))
        try:
            result = apply_batch(self._connect(), self.settings.schema_name, messages,
                                 self._dead_letter)
        except (psycopg.Error, KafkaError) as exc:
            # nothing was committed: back off, then resume from the stored positions
            bound.warning("batch_failed", error=str(exc))
            if self.conn is not None and self.conn.broken:
                self.conn = None
            self.needs_seek = True
            time.sleep(0.5)
            return
        bound.debug("batch_applied", applied=result.applied, duplicates=result.duplicates,
                    skipped=result.skipped, position=result.max_position)
        self._commit_kafka(polled)
        if self.on_batch is not None:
            self.on_batch(result)

    def _watch(self, polled: int, poll_failed: bool) -> None:
        """Replace a consumer the watchdog finds stuck; the new one seeks from PostgreSQL."""
        assert self.consumer is not None
        if not self.watchdog.observe(self.consumer, polled, poll_failed):
            return
        self.watchdog.reset()
        try:
            fresh = self._open_consumer()  # first: if the broker is still away, keep the old one
        except KafkaError as exc:
            log.warning("consumer_reopen_failed", error=type(exc).__name__)
            return
        try:
            self.consumer.close(autocommit=False, timeout_ms=5_000)
        except Exception as exc:  # a broken consumer may fail to close: it is dropped anyway
            log.warning("consumer_close_failed", error=type(exc).__name__)
        self.consumer = fresh
        self.needs_seek = False  # the new consumer seeks on assignment
        self.replaced += 1
        log.warning("consumer_replaced", replaced=self.replaced)

    def _reseek(self) -> bool:
        assert self.consumer is not None
        try:
            self.seek(list(self.consumer.assignment()))
        except psycopg.Error as exc:
            log.warning("reseek_failed", error=str(exc))
            self.conn = None
            return False
        self.needs_seek = False
        return True

    def _commit_kafka(self, polled: dict) -> None:
        assert self.consumer is not None
        offsets = {tp: OffsetAndMetadata(records[-1].offset + 1, "", -1)
                   for tp, records in polled.items()}
        try:
            self.consumer.commit(offsets)
        except (CommitFailedError, KafkaError) as exc:
            # harmless: the positions of record are in PostgreSQL
            log.info("kafka_commit_failed", error=str(exc))
