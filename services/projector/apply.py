"""Apply a batch of Kafka messages to the read models in one PostgreSQL transaction.

The effects and the consumed position are committed together, so a crash anywhere leaves
either both or neither. Duplicates change nothing: a message at or below the stored offset of
its partition (a redelivery) is dropped unread; an event whose id is already in the audit log
(the relay republished it at a new offset, at or below the partition's applied global
position) or in the skipped events is dropped by its id.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any, Iterable

import structlog
from psycopg import Connection, Cursor, errors

from services.projector import envelope as wire
from services.projector.batch import (
    BatchCursor,
    BatchResult,
    DeadLetter,
    Message,
    peek_event_id,
)
from services.projector.domain.client_state import client_id_of
from services.projector.readmodels import audit_log, documents
from services.projector.readmodels.registry import dispatch

NOTIFY_CHANNEL = "spotter_projector"
log = structlog.get_logger(__name__)


_PAYLOAD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError,
                   errors.DataError, errors.IntegrityError)


def apply_batch(
    conn: Connection, schema: str, messages: Iterable[Message],
    dead_letter: DeadLetter | None = None,
) -> BatchResult:
    """Apply ``messages`` (in partition order) into ``schema`` and commit with their positions.

    ``dead_letter`` is called, inside the transaction, for each unparseable message: it must
    publish synchronously so a dead letter is never lost (it may be published twice).
    """
    by_partition: dict[tuple[str, int], list[Message]] = {}
    for m in messages:
        by_partition.setdefault((m.topic, m.partition), []).append(m)
    try:
        return _apply(conn, schema, by_partition, dead_letter, guarded=False)
    except (_NeedsGuard, *_PAYLOAD_ERRORS, errors.PipelineAborted):
        # some payload broke a handler (pipelined, the error may surface later in the batch):
        # redo the batch with a savepoint around each event
        return _apply(conn, schema, by_partition, dead_letter, guarded=True)


class _NeedsGuard(Exception):
    pass


def _apply(conn: Connection, schema: str, by_partition: dict[tuple[str, int], list[Message]],
           dead_letter: DeadLetter | None, guarded: bool) -> BatchResult:
    result = BatchResult()
    with ExitStack() as stack:
        if not guarded:  # a savepoint's rollback would leave the caches wrong: none when guarded
            stack.enter_context(conn.pipeline())
        stack.enter_context(conn.transaction())
        cur = stack.enter_context(Cursor(conn) if guarded else BatchCursor(conn))
        cur.execute("SELECT set_config('search_path', %s, true)", (schema,))
        # positions first, in one order for every process: the rebuild's swap locks this
        # table before any other, so taking it first cannot deadlock with it or with a peer
        positions = {tp: _lock_position(cur, tp) for tp in sorted(by_partition)}
        if isinstance(cur, BatchCursor):
            ids = [peek_event_id(m) for ms in by_partition.values() for m in ms]
            cur.execute("SELECT event_id::text FROM audit_log WHERE event_id = ANY(%s::uuid[])",
                        ([i for i in ids if i],))
            cur.applied_ids.update(r[0] for r in cur.fetchall())
        for tp, (offset, last_position) in positions.items():
            for m in sorted(by_partition[tp], key=lambda m: m.offset):
                if m.offset <= offset:
                    result.duplicates += 1
                    continue
                offset = m.offset
                last_position = _apply_one(cur, m, last_position, result, guarded)
            cur.execute(
                """UPDATE stream_positions SET "offset" = %s, last_position = %s
                   WHERE topic = %s AND partition = %s""",
                (offset, last_position, tp[0], tp[1]),
            )
        documents.flush(cur)
        if result.applied or result.skipped:
            cur.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, json.dumps(
                {"schema": schema, "position": result.max_position})))
        for m, reason in result.dead_lettered:  # before the commit: never lost
            log.warning("dead_letter", topic=m.topic, partition=m.partition, offset=m.offset,
                        reason=reason)
            if dead_letter is not None:
                dead_letter(m, reason)
    return result


def _lock_position(cur: Cursor, tp: tuple[str, int]) -> tuple[int, int]:
    cur.execute(
        """INSERT INTO stream_positions (topic, partition, "offset", last_position)
           VALUES (%s, %s, -1, 0) ON CONFLICT DO NOTHING""", tp)
    cur.execute(
        """SELECT "offset", last_position FROM stream_positions
           WHERE topic = %s AND partition = %s FOR UPDATE""", tp)
    row = cur.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _apply_one(
    cur: Cursor, m: Message, last_position: int, result: BatchResult, guarded: bool
) -> int:
    try:
        env = wire.parse(m.value)
    except wire.EnvelopeError as exc:
        result.dead_lettered.append((m, str(exc)))
        return last_position
    position = env.get("position")
    # behind the partition's applied position: a republish, unless its event id is new (the
    # event id decides, so an out-of-order publication is applied late rather than lost)
    behind = position is not None and position <= last_position
    env, reason = wire.current(env)
    if reason is None and not guarded:
        try:
            if not audit_log.record(cur, env):
                result.duplicates += 1
                return max(last_position, position or 0)
            dispatch(cur, env)
            result.applied += 1
        except (*_PAYLOAD_ERRORS, errors.PipelineAborted) as exc:
            raise _NeedsGuard from exc
    elif reason is None:
        try:
            # a savepoint: a payload the handlers cannot read is skipped, not a crash loop
            with cur.connection.transaction():
                if not audit_log.record(cur, env):
                    result.duplicates += 1
                    return max(last_position, position or 0)
                dispatch(cur, env)
                result.applied += 1
        except _PAYLOAD_ERRORS as exc:
            reason = f"payload not applicable: {type(exc).__name__}: {exc}"[:500]
    if reason is not None:
        _skip(cur, env, reason)
        result.skipped += 1
    elif behind:
        log.warning("event_out_of_order", event_id=env["event_id"], position=position,
                    partition_position=last_position)
    _advance_watermark(cur, env)
    if position is not None:
        result.max_position = max(result.max_position, position)
        return max(last_position, position)
    return last_position


def _skip(cur: Cursor, env: wire.Envelope, reason: str) -> None:
    cur.execute(
        """INSERT INTO skipped_events (event_id, position, type, schema_version, reason)
           VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING""",
        (env["event_id"], env.get("position"), env["type"], env["schema_version"], reason))
    log.warning("event_skipped", event_id=env["event_id"], type=env["type"], reason=reason)


def _advance_watermark(cur: Cursor, env: wire.Envelope) -> None:
    client_id = client_id_of(env)
    position = env.get("position")
    if client_id is None or position is None:
        return
    docs: dict[tuple[str, str], Any] | None = getattr(cur, "docs", None)
    if docs is not None:
        position = max(position, docs.get(("watermark", client_id)) or 0)
    documents.save(cur, "watermark", client_id, position,
                   lambda c: _write_watermark(c, client_id, position))


def _write_watermark(cur: Cursor, client_id: str, position: int) -> None:
    cur.execute(
        """INSERT INTO client_watermarks (client_id, position) VALUES (%s, %s)
           ON CONFLICT (client_id) DO UPDATE
           SET position = GREATEST(client_watermarks.position, EXCLUDED.position)""",
        (client_id, position))
