"""The notification log of the event store, read in batches after a position."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from eventsourcing.persistence import InterfaceError, Notification, OperationalError
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier


class NotificationLog:
    """Reads the one commit-ordered log of the application's events table."""

    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self._recorder = recorder
        self._select = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state"
            " FROM {schema}.{table} WHERE notification_id > %s"
            " ORDER BY notification_id LIMIT %s"
        ).format(schema=Identifier(recorder.datastore.schema),
                 table=Identifier(recorder.events_table_name))

    @property
    def channel(self) -> str:
        """The LISTEN/NOTIFY channel the recorder notifies on every insert."""
        return self._recorder.channel_name

    # The recorder's own select_notifications with the same retries and error translation,
    # but tuple rows: its dict rows cost the relay's thread more than the query itself.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def after(self, position: int, limit: int) -> Sequence[Notification]:
        with self._recorder.datastore.get_connection() as conn, conn.cursor(
            row_factory=tuple_row
        ) as curs:
            curs.execute(self._select, (position, limit), prepare=True)
            return [
                Notification(id=row[0], originator_id=row[1], originator_version=row[2],
                             topic=row[3], state=bytes(row[4]))
                for row in curs.fetchall()
            ]

    def head(self) -> int:
        """The highest notification id written so far (0 when empty)."""
        return self._recorder.max_notification_id() or 0


class ReadAhead:
    """The next select of the log, issued in the background while the relay publishes.

    Only worth it in a backlog (the previous select came back full); a result is used only by
    the read it was issued for (same position and limit), else that read selects afresh."""

    def __init__(self, log: NotificationLog) -> None:
        self._log = log
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-read-ahead")
        self._pending: tuple[int, int, Future[Sequence[Notification]]] | None = None

    def start(self, position: int, limit: int) -> None:
        self._pending = (position, limit, self._pool.submit(self._log.after, position, limit))

    def after(self, position: int, limit: int) -> Sequence[Notification]:
        pending, self._pending = self._pending, None
        if pending is not None and pending[:2] == (position, limit):
            return pending[2].result()  # its database errors surface here, as a select's would
        return self._log.after(position, limit)

    def forget(self) -> None:
        """Drop a read issued before now (a new leadership term LISTENs and selects afresh)."""
        self._pending = None

    def close(self) -> None:
        self._pending = None
        self._pool.shutdown(wait=False, cancel_futures=True)
