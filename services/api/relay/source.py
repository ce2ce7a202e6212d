"""The notification log of the event store, read in batches after a position."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import Notification
from eventsourcing.postgres import PostgresApplicationRecorder


class NotificationLog:
    """Reads the one commit-ordered log of the application's events table."""

    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self._recorder = recorder

    @property
    def channel(self) -> str:
        """The LISTEN/NOTIFY channel the recorder notifies on every insert."""
        return self._recorder.channel_name

    def after(self, position: int, limit: int) -> Sequence[Notification]:
        return self._recorder.select_notifications(
            start=position, limit=limit, inclusive_of_start=False
        )

    def head(self) -> int:
        """The highest notification id written so far (0 when empty)."""
        return self._recorder.max_notification_id() or 0
