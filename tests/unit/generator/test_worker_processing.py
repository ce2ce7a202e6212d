"""Retry, poison and stop decisions of one record, with the handler replaced by fakes."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass

import psycopg
import pytest

from services.generator.worker import processing
from services.generator.worker.processing import RetryPolicy, process_record
from shared.events.envelope import Actor, Envelope


@dataclass
class Record:
    value: bytes
    headers: list
    topic: str = "t.clients.v1"
    partition: int = 0
    offset: int = 7
    key: bytes = b"k"


def _request_record() -> Record:
    env = Envelope(
        event_id=uuid.uuid4(), type="session.requested", schema_version=1,
        occurred_at=dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc),
        organization_id=uuid.uuid4(), actor=Actor(kind="trainer", id="t"),
        aggregate_type="session", aggregate_id=uuid.uuid4(), aggregate_version=1,
        client_id=uuid.uuid4(), correlation_id="req-1", position=5, payload={})
    return Record(env.to_json_bytes(), env.headers())


class Calls:
    def __init__(self, *effects):
        self.effects = list(effects)
        self.handled = 0
        self.failures_recorded = 0
        self.dead = []

    def handle(self, envelope, deps):
        self.handled += 1
        effect = self.effects.pop(0) if self.effects else "generated"
        if isinstance(effect, Exception):
            raise effect
        return effect

    def record_failure(self, envelope, deps):
        self.failures_recorded += 1
        return True

    def dead_letter(self, record, reason, attempts):
        self.dead.append((reason, attempts))


@pytest.fixture
def calls(monkeypatch):
    def install(*effects):
        c = Calls(*effects)
        monkeypatch.setattr(processing, "handle_session_requested", c.handle)
        monkeypatch.setattr(processing, "record_internal_failure", c.record_failure)
        return c
    return install


def _run(record, c, stop=None):
    return process_record(record, None, RetryPolicy(3, 0.0), c.dead_letter,
                          stop or threading.Event())


def test_other_event_types_are_skipped_without_decoding(calls):
    c = calls()
    assert _run(Record(b"garbage", [("event_type", b"session.logged")]), c) == "skipped"
    assert c.handled == 0 and c.dead == []


def test_undecodable_request_goes_straight_to_dead_letter(calls):
    c = calls()
    assert _run(Record(b"{nope", [("event_type", b"session.requested")]), c) == "dead_lettered"
    assert c.handled == 0 and c.dead[0][0].startswith("undecodable") and c.dead[0][1] == 1


def test_a_handler_that_keeps_failing_is_poison_after_bounded_attempts(calls):
    c = calls(RuntimeError("a"), RuntimeError("b"), RuntimeError("c"), "generated")
    assert _run(_request_record(), c) == "dead_lettered"
    assert c.handled == 3 and c.failures_recorded == 1
    assert c.dead == [("RuntimeError: c", 3)]


def test_a_transient_failure_is_retried_and_succeeds(calls):
    c = calls(RuntimeError("once"), "generated")
    assert _run(_request_record(), c) == "generated"
    assert c.dead == [] and c.failures_recorded == 0


def test_database_outage_is_waited_out_without_counting_as_poison(calls):
    outage = psycopg.OperationalError("connection refused")
    c = calls(outage, outage, outage, outage, "generated")
    assert _run(_request_record(), c) == "generated"
    assert c.dead == []


def test_stop_during_an_outage_leaves_the_record_uncommitted(calls):
    c = calls(*[psycopg.OperationalError("down")] * 10)
    stop = threading.Event()
    stop.set()
    assert _run(_request_record(), c, stop) == "stopped"
