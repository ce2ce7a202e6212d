"""Group commit: saves made at the same moment by different threads share one transaction.

Every insert into the event store takes the events table's exclusive lock (commit order must be
notification order), so concurrent commands queue on that lock and each pays its own commit and
WAL flush. Here the first thread to arrive writes; threads arriving while it writes queue, and
the next of them then writes everything queued in one transaction. Nobody waits for a timer: a
lone save is written at once, a busy process writes in batches.

A batch is all or nothing in the store. When it fails on a version conflict, each member is
retried alone so that only the save that really conflicts sees the IntegrityError (an
idempotency key used twice in one batch, two commands on one aggregate). Any other failure (the
database is down) is every member's failure.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from eventsourcing.persistence import IntegrityError

E = TypeVar("E")
R = TypeVar("R")
Put = Callable[[Sequence[E]], list[R]]  # writes events in one transaction, one result per event

# a batch larger than this waits for the next turn (bounds one transaction's size and time)
MAX_SAVES_PER_BATCH = 128


class _Save(Generic[E, R]):
    __slots__ = ("done", "error", "events", "leads", "results")

    def __init__(self, events: Sequence[E]) -> None:
        self.events = events
        self.results: list[R] = []
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.leads = False  # handed the next turn to write


class GroupCommit(Generic[E, R]):
    def __init__(self, put: Put[E, R], max_saves: int = MAX_SAVES_PER_BATCH) -> None:
        self._put = put
        self._max = max_saves
        self._lock = threading.Lock()
        self._queue: list[_Save[E, R]] = []
        self._writing = False

    def put(self, events: Sequence[E]) -> list[R]:
        """Write ``events`` atomically (with whatever else is queued); their results."""
        save: _Save[E, R] = _Save(events)
        with self._lock:
            self._queue.append(save)
            save.leads = not self._writing
            self._writing = True
        if not save.leads:
            save.done.wait()
        if save.leads:
            self._write_turn()
        if save.error is not None:
            raise save.error
        return save.results

    def _write_turn(self) -> None:
        with self._lock:
            batch, self._queue = self._queue[: self._max], self._queue[self._max:]
        try:
            self._write(batch)
        finally:
            for save in batch:
                save.leads = False
                save.done.set()
            with self._lock:
                if self._queue:  # arrived meanwhile: the oldest writes the next batch
                    self._queue[0].leads = True
                    self._queue[0].done.set()
                else:
                    self._writing = False

    def _write(self, batch: list[_Save[E, R]]) -> None:
        if len(batch) == 1:
            self._write_alone(batch[0])
            return
        try:
            results = self._put([e for save in batch for e in save.events])
        except IntegrityError:
            for save in batch:
                self._write_alone(save)
            return
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            for save in batch:
                save.error = exc
            return
        start = 0
        for save in batch:
            save.results = results[start:start + len(save.events)]
            start += len(save.events)

    def _write_alone(self, save: _Save[E, R]) -> None:
        try:
            save.results = self._put(save.events)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            save.error = exc


def put_events(store: Any) -> Put[Any, Any]:
    """An eventsourcing EventStore's ``put`` (one transaction, recordings in event order)."""
    return lambda events: list(store.put(list(events)))
