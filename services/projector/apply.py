"""Apply a batch of Kafka messages to the read models in one PostgreSQL transaction.

The effects and the consumed position are committed together, so a crash anywhere leaves
either both or neither. Duplicates change nothing: a message at or below the stored offset of
its partition (a redelivery) is dropped unread; an event whose id is already in the audit log
(the relay republished it at a new offset, at or below the partition's applied global
position) or in the skipped events is dropped by its id.

A batch is applied in memory first: its messages are parsed once, the documents it touches are
read with one query per table, evolved by the pure domain functions, and every table is
written set-based at the end (readmodels/registry.py). If any payload breaks a handler or a
write, the batch is redone event by event, each under a savepoint, and that event is skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

import structlog
from psycopg import Connection, errors

from services.projector import envelope as wire
from services.projector.batch import BatchResult, Checked, DeadLetter, Message
from services.projector.domain.client_state import client_id_of
from services.projector.readmodels import audit_log, registry
from services.projector.stage import StagedCursor

NOTIFY_CHANNEL = "spotter_projector"
log = structlog.get_logger(__name__)

__all__ = ["NOTIFY_CHANNEL", "PAYLOAD_ERRORS", "BatchResult", "Message", "NeedsGuard",
           "apply_batch", "prefetch_committed", "report_dead_letters", "stage"]

# what a payload the handlers or the tables cannot take raises (skipped, never a crash loop)
PAYLOAD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError,
                  errors.DataError, errors.IntegrityError)
# a message past its partition's stored offset: the envelope, or why it is not one
Parsed = tuple[Message, wire.Envelope | None, str | None]


class NeedsGuard(Exception):
    """A payload broke the set-based path: the batch must be redone event by event."""


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
    parsed: dict[int, tuple[wire.Envelope | None, str | None]] = {}  # shared by both tries
    try:
        return _apply(conn, schema, by_partition, parsed, dead_letter, guarded=False)
    except (NeedsGuard, *PAYLOAD_ERRORS):
        # some payload broke a handler or a set-based write: redo the batch with a savepoint
        # around each event
        return _apply(conn, schema, by_partition, parsed, dead_letter, guarded=True)


def _parse(m: Message, cache: dict[int, tuple[wire.Envelope | None, str | None]]
           ) -> tuple[wire.Envelope | None, str | None]:
    if m.checked is not None:
        return m.checked[0], m.checked[1]
    if id(m) not in cache:
        try:
            cache[id(m)] = (wire.parse(m.value), None)
        except wire.EnvelopeError as exc:
            cache[id(m)] = (None, str(exc))
    return cache[id(m)]


def _apply(conn: Connection, schema: str, by_partition: dict[tuple[str, int], list[Message]],
           cache: dict[int, tuple[wire.Envelope | None, str | None]],
           dead_letter: DeadLetter | None, guarded: bool) -> BatchResult:
    result = BatchResult()
    with conn.transaction(), StagedCursor(conn, batched=not guarded) as cur:
        cur.execute("SELECT set_config('search_path', %s, true)", (schema,))
        # positions first, in one order for every process: the rebuild's swap locks this
        # table before any other, so taking it first cannot deadlock with it or with a peer
        positions = {tp: _lock_position(cur, tp) for tp in sorted(by_partition)}
        reached = stage(cur, by_partition, positions, cache, result, guarded,
                        prefetch_committed)
        for tp, (offset, last_position) in reached.items():
            cur.execute(
                """UPDATE stream_positions SET "offset" = %s, last_position = %s
                   WHERE topic = %s AND partition = %s""",
                (offset, last_position, tp[0], tp[1]),
            )
        registry.flush(cur)
        if result.applied or result.skipped:
            cur.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, json.dumps(
                {"schema": schema, "position": result.max_position})))
        report_dead_letters(result, dead_letter)  # before the commit: never lost
    return result


Prefetch = Callable[[StagedCursor, list[wire.Envelope]], None]


def stage(cur: StagedCursor, by_partition: dict[tuple[str, int], list[Message]],
          positions: dict[tuple[str, int], tuple[int, int]],
          cache: dict[int, tuple[wire.Envelope | None, str | None]], result: BatchResult,
          guarded: bool, prefetch: Prefetch) -> dict[tuple[str, int], tuple[int, int]]:
    """Apply the batch's new messages to ``cur``'s staged documents and rows (nothing is
    flushed); returns each partition's (offset, last position) after them. ``positions`` holds
    each partition's stored ones; ``prefetch`` reads what the batch needs at once (batched)."""
    fresh: dict[tuple[str, int], list[Parsed]] = {}
    for tp, (offset, _) in positions.items():
        for m in sorted(by_partition.get(tp, ()), key=lambda m: m.offset):
            if m.offset <= offset:
                result.duplicates += 1
                continue
            offset = m.offset
            fresh.setdefault(tp, []).append((m, *_parse(m, cache)))
    if not guarded:
        prefetch(cur, [env for ps in fresh.values() for _, env, _ in ps if env])
    reached = {}
    for tp, (_, last_position) in positions.items():
        if tp not in fresh:
            continue
        for m, env, error in fresh[tp]:
            if env is None:
                result.dead_lettered.append((m, error or "unparseable"))
                continue
            last_position = _apply_one(cur, env, m.checked, last_position, result, guarded)
        reached[tp] = (fresh[tp][-1][0].offset, last_position)
    return reached


def report_dead_letters(result: BatchResult, dead_letter: DeadLetter | None) -> None:
    for m, reason in result.dead_lettered:
        log.warning("dead_letter", topic=m.topic, partition=m.partition, offset=m.offset,
                    reason=reason)
        if dead_letter is not None:
            dead_letter(m, reason)


def prefetch_committed(cur: StagedCursor, envs: list[wire.Envelope]) -> None:
    """The batch's event ids already applied, and its documents: one query per table."""
    assert cur.applied_ids is not None
    try:
        cur.execute("SELECT event_id::text FROM audit_log WHERE event_id = ANY(%s::uuid[])",
                    ([str(e["event_id"]) for e in envs],))
        cur.applied_ids.update(r[0] for r in cur.fetchall())
        registry.preload(cur, envs)
    except PAYLOAD_ERRORS as exc:
        raise NeedsGuard from exc


def _lock_position(cur: StagedCursor, tp: tuple[str, int]) -> tuple[int, int]:
    cur.execute(
        """INSERT INTO stream_positions (topic, partition, "offset", last_position)
           VALUES (%s, %s, -1, 0) ON CONFLICT DO NOTHING""", tp)
    cur.execute(
        """SELECT "offset", last_position FROM stream_positions
           WHERE topic = %s AND partition = %s FOR UPDATE""", tp)
    row = cur.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _apply_one(cur: StagedCursor, env: wire.Envelope, checked: Checked | None,
               last_position: int, result: BatchResult, guarded: bool) -> int:
    position = env.get("position")
    # behind the partition's applied position: a republish, unless its event id is new (the
    # event id decides, so an out-of-order publication is applied late rather than lost)
    behind = position is not None and position <= last_position
    if checked is not None and checked[2] is not None:
        env, reason = checked[2], checked[3]
    else:
        env, reason = wire.current(env)
    if reason is None and not guarded:
        try:
            if not audit_log.record(cur, env):
                result.duplicates += 1
                return max(last_position, position or 0)
            registry.dispatch(cur, env)
            result.applied += 1
        except PAYLOAD_ERRORS as exc:
            raise NeedsGuard from exc
    elif reason is None:
        try:
            # a savepoint, and a cursor of its own that writes before it ends: a payload the
            # handlers or the tables cannot take is skipped, not a crash loop
            with cur.connection.transaction(), StagedCursor(cur.connection,
                                                            batched=False) as one:
                if not audit_log.record(one, env):
                    result.duplicates += 1
                    return max(last_position, position or 0)
                registry.dispatch(one, env)
                registry.flush(one)
                result.applied += 1
        except PAYLOAD_ERRORS as exc:
            reason = f"payload not applicable: {type(exc).__name__}: {exc}"[:500]
    if reason is not None:
        _skip(cur, env, reason)
        result.skipped += 1
    elif behind:
        log.warning("event_out_of_order", event_id=env["event_id"], position=position,
                    partition_position=last_position)
    client_id = client_id_of(env)
    if client_id is not None and position is not None:
        cur.advance_watermark(client_id, position)
    if position is not None:
        result.max_position = max(result.max_position, position)
        return max(last_position, position)
    return last_position


def _skip(cur: StagedCursor, env: wire.Envelope, reason: str) -> None:
    cur.write(
        """INSERT INTO skipped_events (event_id, position, type, schema_version, reason)
           VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING""",
        (env["event_id"], env.get("position"), env["type"], env["schema_version"], reason))
    log.warning("event_skipped", event_id=env["event_id"], type=env["type"], reason=reason)
