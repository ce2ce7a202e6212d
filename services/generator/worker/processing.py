"""One Kafka record, start to finish: filter, decode, bounded retries, dead letter.

Infrastructure trouble (PostgreSQL unreachable) is retried until it clears or the worker is
asked to stop, without dead-lettering: the message is fine, the database is not. Anything else
that keeps failing is poison: after ``max_attempts`` the trainer gets a failed result and the
message goes to the dead-letter topic.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import eventsourcing.persistence as es_persistence
import psycopg
from psycopg_pool import PoolTimeout
import structlog

from services.generator.adapters.events import SESSION_REQUESTED, decode
from services.generator.worker.handlers import (
    HandlerDeps,
    handle_session_requested,
    record_internal_failure,
)
from services.generator.worker.reconnect import purge_dead_connections

log = structlog.get_logger(__name__)

# The database (or the event store's view of it) is unreachable: wait, do not count attempts.
INFRA_ERRORS = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout,
                es_persistence.OperationalError, es_persistence.InterfaceError)


@dataclass
class RetryPolicy:
    max_attempts: int = 3
    backoff_s: float = 0.2


def _header(record: Any, name: str) -> str | None:
    for key, value in getattr(record, "headers", None) or []:
        if key == name and value is not None:
            return value.decode(errors="replace")
    return None


def wanted(record: Any) -> bool:
    """False for a record whose header says it is not a session request (nothing to do)."""
    event_type = _header(record, "event_type")
    return event_type is None or event_type == SESSION_REQUESTED


def process_record(record: Any, deps: HandlerDeps, policy: RetryPolicy,
                   send_dead_letter: Callable[[Any, str, int], None],
                   stop: threading.Event) -> str:
    """The outcome label; returns only when the record may be committed (or on stop: 'stopped')."""
    event_type = _header(record, "event_type")
    if event_type is not None and event_type != SESSION_REQUESTED:
        return "skipped"  # the clients topic carries a client's whole story; only requests here
    structlog.contextvars.bind_contextvars(
        topic=record.topic, partition=record.partition, offset=record.offset,
        correlation_id=_header(record, "correlation_id"), event_id=_header(record, "event_id"))
    try:
        try:
            envelope = decode(record.value)
        except ValueError as exc:
            log.error("poison_message", reason=str(exc))
            send_dead_letter(record, f"undecodable: {exc}", 1)
            return "dead_lettered"
        if envelope.type != SESSION_REQUESTED:
            return "skipped"
        structlog.contextvars.bind_contextvars(correlation_id=envelope.correlation_id,
                                               session_id=str(envelope.aggregate_id))
        attempt = 0
        while True:
            try:
                return handle_session_requested(envelope, deps)
            except INFRA_ERRORS as exc:
                log.warning("infrastructure_unavailable", error=type(exc).__name__)
                purge_dead_connections(deps)
                if stop.wait(min(5.0, policy.backoff_s * 5)):
                    return "stopped"
            except Exception as exc:  # anything else is counted towards poison
                attempt += 1
                log.exception("handling_failed", attempt=attempt, error=type(exc).__name__)
                if attempt >= policy.max_attempts:
                    reason = f"{type(exc).__name__}: {exc}"
                    try:
                        record_internal_failure(envelope, deps)
                    except Exception:  # e.g. the session itself is unreadable: still park it
                        log.exception("recording_failure_failed")
                    send_dead_letter(record, reason, attempt)
                    return "dead_lettered"
                time.sleep(policy.backoff_s * attempt)
    finally:
        structlog.contextvars.unbind_contextvars(
            "topic", "partition", "offset", "correlation_id", "event_id", "session_id")
