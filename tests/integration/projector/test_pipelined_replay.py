"""The rebuild's pipelined replay (a batch staged while the previous one is written) gives the
read models the serial apply gives, including when a batch has to be redone event by event."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import psycopg
import pytest
from pj_events import Story, to_messages
from psycopg import errors
from test_golden_checksum import GOLDEN, fixed_sequence

from services.projector.apply import Message, apply_batch
from services.projector.checksum import table_checksums
from services.projector.db import connect
from services.projector.readmodels import audit_log, trainers
from services.projector.rebuild.checked_replay import check
from services.projector.rebuild.pipelined import PipelinedReplay


@pytest.fixture
def conns(database) -> Iterator[tuple[psycopg.Connection, psycopg.Connection]]:
    read, write = connect(database.app_dsn, autocommit=True), connect(database.app_dsn,
                                                                      autocommit=True)
    yield read, write
    read.close()
    write.close()


def _checked(messages: list[Message]) -> list[Message]:
    # as the rebuild's reader process hands them over
    return [dataclasses.replace(m, checked=check(m.value)) for m in messages]


def _replay(conns, schema: str, messages: list[Message], chunk: int) -> PipelinedReplay:
    pipeline = PipelinedReplay(*conns, schema)
    try:
        for i in range(0, len(messages), chunk):
            pipeline.apply(messages[i:i + chunk])
        pipeline.finish()
    finally:
        pipeline.close()
    return pipeline


# small chunks put a session's events, a republished event and its original, and a log and
# its replacement in different batches, one of them still being written
@pytest.mark.parametrize("chunk", [5, 40, 10_000])
def test_pipelined_batches_match_golden_checksums(conns, fresh_schema, chunk) -> None:
    messages = _checked(to_messages(fixed_sequence(), "golden", 3))
    pipeline = _replay(conns, fresh_schema, messages, chunk)
    assert not pipeline.serial
    assert table_checksums(conns[1], fresh_schema) == GOLDEN


def test_a_batch_failing_in_the_writer_is_applied_again(conns, fresh_schema,
                                                        monkeypatch) -> None:
    calls = {"n": 0}
    real = audit_log.flush

    def fails_third(cur) -> None:  # the third batch's write fails once, after its COPY
        calls["n"] += 1
        real(cur)
        if calls["n"] == 3:
            raise errors.DataError("injected")

    monkeypatch.setattr(audit_log, "flush", fails_third)
    from services.projector.readmodels import registry
    monkeypatch.setattr(registry, "FLUSHES", tuple(
        fails_third if f is real else f for f in registry.FLUSHES))
    messages = _checked(to_messages(fixed_sequence(), "golden", 3))
    pipeline = _replay(conns, fresh_schema, messages, 40)
    assert pipeline.serial and calls["n"] > 3
    assert table_checksums(conns[1], fresh_schema) == GOLDEN


def test_a_payload_failing_while_staged_is_skipped_as_the_serial_apply_skips_it(
        conns, database, fresh_schema, monkeypatch) -> None:
    def broken(cur, env) -> None:
        raise KeyError("methodology")

    monkeypatch.setitem(trainers.HANDLERS, "trainer.registered", broken)
    s = Story(seed=3)
    envs = [s.organization(), s.trainer(), s.client(), s.trainer(), s.client()]
    messages = _checked(to_messages(envs, "t", partitions=1))
    pipeline = _replay(conns, fresh_schema, messages, 2)
    assert pipeline.serial
    serial = f"{fresh_schema}_serial"
    with psycopg.connect(database.owner_dsn, autocommit=True) as owner:
        owner.execute("SELECT public.spotter_readmodel_install(%s)", (serial,))
    try:
        for i in range(0, len(messages), 2):
            apply_batch(conns[1], serial, messages[i:i + 2])
        expected = table_checksums(conns[1], serial)
        assert expected["skipped_events"].startswith("2:")
        assert table_checksums(conns[1], fresh_schema) == expected
    finally:
        with psycopg.connect(database.owner_dsn, autocommit=True) as owner:
            owner.execute(f'DROP SCHEMA "{serial}" CASCADE')
