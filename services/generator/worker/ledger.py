"""One partition's bookkeeping: records of a key run one at a time and in order, different keys
side by side; the committable offset is the lowest one not yet finished.

Pure state, no I/O and no locking: the pipeline holds its lock around every call.
Offsets need not be contiguous (compaction, transaction markers): the commit point is the
lowest unfinished offset, or the position after the last record seen when none is unfinished.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from typing import Any


def key_of(record: Any) -> Hashable:
    """The record's key (the client id): its requests must be handled in order."""
    return getattr(record, "key", None)


class PartitionLedger:
    def __init__(self) -> None:
        self.epoch = 0  # bumped by a reset: work started before it no longer counts
        self.position: int | None = None  # the offset after the last record taken in
        self.committed: int | None = None  # the last commit point handed out
        self.failed: Any | None = None  # a record whose processing raised: the partition halts
        self._unfinished: dict[int, Any] = {}  # queued or running, by offset
        self._queues: dict[Hashable, deque[Any]] = {}
        self._running: set[Hashable] = set()
        self._done: set[int] = set()  # finished above the commit point (skipped if redelivered)
        self._finished = 0  # records finished since take_finished_count last asked

    @property
    def size(self) -> int:
        """Records held (queued or running): what the buffer cap counts."""
        return len(self._unfinished)

    @property
    def running(self) -> int:
        return len(self._running)

    def take(self, record: Any, *, wanted: bool) -> Any | None:
        """Take in a polled record; the record to start now, if any (its key was idle)."""
        self.position = record.offset + 1
        if not wanted or record.offset in self._done:
            self._finished += not wanted
            return None  # nothing to do (or done before a rewind): committable as is
        self._unfinished[record.offset] = record
        key = key_of(record)
        if key in self._running or self.failed is not None:
            self._queues.setdefault(key, deque()).append(record)
            return None
        self._running.add(key)
        return record

    def finish(self, record: Any, epoch: int) -> Any | None:
        """A record is done; the same key's next record to run, if any."""
        if epoch == self.epoch:
            self._unfinished.pop(record.offset, None)
            self._done.add(record.offset)
            self._finished += 1
        return self._next(key_of(record))

    def fail(self, record: Any, epoch: int) -> Any | None:
        """A record raised: nothing more starts on this partition until it is rewound. From
        before a reset it no longer counts: the key's next record (redelivered) runs."""
        if epoch != self.epoch:
            return self._next(key_of(record))
        self._running.discard(key_of(record))
        if self.failed is None:
            self.failed = record
        return None

    def release(self, record: Any) -> None:
        """The worker stopped before finishing ``record`` (shutdown): its key is free."""
        self._running.discard(key_of(record))

    def drop_queued(self) -> None:
        """Start nothing more (revocation). The dropped records stay unfinished: the commit
        point cannot pass them, so the next owner gets them."""
        self._queues.clear()

    def take_finished_count(self) -> int:
        count, self._finished = self._finished, 0
        return count

    def commit_point(self) -> int | None:
        """The offset to commit when it moved on since the last call, else None."""
        if self.position is None:
            return None
        point = min(self._unfinished) if self._unfinished else self.position
        self._done = {o for o in self._done if o >= point}
        if self.committed is not None and point <= self.committed:
            return None
        self.committed = point
        return point

    def rewind(self) -> int | None:
        """After a failure, once no record runs: the offset to seek to, dropping what is queued
        (redelivered from there; records finished meanwhile are remembered and skipped)."""
        if self.failed is None or self._running:
            return None
        target = min(self._unfinished) if self._unfinished else self.failed.offset
        self.reset(target)
        return target

    def reset(self, position: int | None) -> None:
        """Forget queued work (revocation, rewind, a new consumer); running work finishes but
        no longer counts. Its keys stay busy until then, so a redelivery waits its turn."""
        self.epoch += 1
        self.failed = None
        self._unfinished.clear()
        self._queues.clear()
        self.position = position
        self.committed = None
        if position is None:
            self._done.clear()

    def _next(self, key: Hashable) -> Any | None:
        queue = self._queues.get(key)
        if self.failed is not None or not queue:
            self._running.discard(key)
            self._queues.pop(key, None)
            return None
        record = queue.popleft()
        if not queue:
            del self._queues[key]
        return record
