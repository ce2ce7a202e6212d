"""Wake long-polls when their aggregate gets a new event, instead of re-reading it on a timer.

One thread per API process LISTENs on the event store's channel (the recorder NOTIFYs on every
insert, without a payload). On each burst of notifications it reads the ids of the aggregates
written since the last notification id it saw (the ids are commit-ordered: the recorder locks
the table) and wakes the waiters registered for them. A waiter registers *before* it reads its
aggregate, so a commit is either already visible to that read or seen by a later query here.

The waiters still re-read at a bounded interval, so a lost connection (or notification) costs
latency, never correctness; while this thread is not listening they re-read often.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import structlog
from psycopg import sql

log = structlog.get_logger("services.api")

_BATCH = 5000  # rows per catch-up query; a longer burst simply takes several
# With no waiter, the position jumps to the log's end this often instead of reading each
# commit's rows. A waiter that registers in the instant before such a jump may miss one wake
# and re-read at its own interval: latency, never correctness.
_IDLE_ADVANCE_S = 1.0


class StoreWakeups:
    def __init__(self, database_url: str, schema: str, table: str, channel: str, *,
                 connect_timeout_s: int = 3) -> None:
        self._url = database_url
        self._connect_timeout_s = connect_timeout_s
        self._channel = channel
        self._select = sql.SQL(
            "SELECT notification_id, originator_id::text FROM {}.{} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT {}"
        ).format(sql.Identifier(schema), sql.Identifier(table), sql.Literal(_BATCH))
        self._max = sql.SQL("SELECT COALESCE(MAX(notification_id), 0) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table))
        self._lock = threading.Lock()
        self._waiters: dict[str, set[threading.Event]] = {}
        self._stop = threading.Event()
        self._listening = False
        self._failing = False
        self._thread = threading.Thread(target=self._run, name="store-wakeups", daemon=True)

    @classmethod
    def for_recorder(cls, database_url: str, recorder: Any, *,
                     connect_timeout_s: int = 3) -> StoreWakeups:
        """For an eventsourcing PostgresApplicationRecorder's events table and channel."""
        return cls(database_url, recorder.datastore.schema, recorder.events_table_name,
                   recorder.channel_name, connect_timeout_s=connect_timeout_s)

    @property
    def listening(self) -> bool:
        return self._listening

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    @contextmanager
    def watch(self, aggregate_id: str) -> Iterator[threading.Event]:
        """An event set whenever ``aggregate_id`` may have a new event (register first, then
        read the aggregate, then wait)."""
        woken = threading.Event()
        with self._lock:
            self._waiters.setdefault(aggregate_id, set()).add(woken)
        try:
            yield woken
        finally:
            with self._lock:
                waiting = self._waiters.get(aggregate_id)
                if waiting is not None:
                    waiting.discard(woken)
                    if not waiting:
                        del self._waiters[aggregate_id]

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True,
                                     connect_timeout=self._connect_timeout_s) as conn:
                    self._listen(conn)
            except psycopg.Error as exc:
                if not self._failing:  # once per outage, not once a second
                    log.warning("store_wakeups_unavailable", error=type(exc).__name__)
                self._failing = True
            finally:
                self._listening = False
                self._wake_all()  # waiters re-read now rather than at their next interval
            self._stop.wait(1.0)

    def _listen(self, conn: psycopg.Connection) -> None:
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
        row = conn.execute(self._max).fetchone()
        last = int(row[0]) if row else 0
        caught_up_at = time.monotonic()
        self._listening = True
        self._failing = False
        while not self._stop.is_set():
            # Any number of queued notifications is one catch-up query. (The generator is
            # exhausted, never abandoned: it holds the connection's lock while suspended.)
            received = 0
            for _ in conn.notifies(timeout=0.5, stop_after=1):
                received += 1
            if not received:
                continue
            if not self._anyone_waiting():
                # Under a write load with nobody long-polling, a query per commit is waste:
                # only keep up with the log's end, at most once a second.
                if time.monotonic() - caught_up_at >= _IDLE_ADVANCE_S:
                    row = conn.execute(self._max).fetchone()
                    last = max(last, int(row[0]) if row else 0)
                    caught_up_at = time.monotonic()
                continue
            caught_up_at = time.monotonic()
            while True:
                rows = conn.execute(self._select, (last,)).fetchall()
                if rows:
                    last = int(rows[-1][0])
                    self._wake({str(r[1]) for r in rows})
                if len(rows) < _BATCH:
                    break

    def _anyone_waiting(self) -> bool:
        with self._lock:
            return bool(self._waiters)

    def _wake(self, aggregate_ids: set[str]) -> None:
        with self._lock:
            for aggregate_id in aggregate_ids & self._waiters.keys():
                for woken in self._waiters[aggregate_id]:
                    woken.set()

    def _wake_all(self) -> None:
        with self._lock:
            for waiting in self._waiters.values():
                for woken in waiting:
                    woken.set()
