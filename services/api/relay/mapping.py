"""Batches of stored events → outbound messages, in worker processes or in-process.

Decoding an event and serialising its envelope (outbound_wire) costs a fraction of
kafka-python's send(), but in one process both share the GIL. Worker processes map batch k+1
while the relay publishes batch k. Only plain tuples cross the process boundary (pickling
dataclasses and UUIDs would cost more than the mapping saves).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from eventsourcing.persistence import Notification

from services.api.relay.messages import OutboundMessage, ToMessage

# Builds the mapping inside a worker from the topic prefix; must be a module-level function.
MessagesFactory = Callable[[str], ToMessage]
Row = tuple[int, bytes | str, int, str, bytes]

_worker_to_message: ToMessage | None = None
_WARM_UP_TIMEOUT_S = 120.0


class MappingFailed(RuntimeError):
    """A batch could not be mapped (a bug or a dead worker); nothing of it may be published."""


def _rows(batch: Sequence[Notification]) -> list[Row]:
    return [
        (n.id, n.originator_id.bytes if hasattr(n.originator_id, "bytes") else n.originator_id,
         n.originator_version, n.topic, n.state)
        for n in batch
    ]


def _init_worker(factory: MessagesFactory, topic_prefix: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent decides
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    global _worker_to_message
    _worker_to_message = factory(topic_prefix)


def _exit_with_parent(parent: int) -> None:
    # A relay killed with -9 cannot shut its pool down; its workers must not outlive it.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _map_rows(rows: list[Row]) -> list[tuple[int, str, bytes, bytes, list[tuple[str, bytes]]]]:
    from uuid import UUID

    assert _worker_to_message is not None, "worker not initialised"
    out = []
    for position, originator_id, version, topic, state in rows:
        message = _worker_to_message(Notification(
            id=position,
            originator_id=UUID(bytes=originator_id) if isinstance(originator_id, bytes)
            else originator_id,
            originator_version=version, topic=topic, state=state,
        ))
        if message is not None:
            out.append((message.position, message.topic, message.key, message.value,
                        message.headers))
    return out


class PendingMessages:
    """The messages of one batch: already mapped, or being mapped by workers."""

    def __init__(self, *, done: list[OutboundMessage] | None = None,
                 parts: Sequence[Future[list[tuple[Any, ...]]]] = ()) -> None:
        self._done = done
        self._parts = parts

    def result(self) -> list[OutboundMessage]:
        if self._done is not None:
            return self._done
        try:
            return [OutboundMessage(*m) for part in self._parts for m in part.result()]
        except Exception as exc:
            raise MappingFailed(repr(exc)) from exc


class InProcessMapper:
    """Maps on submit, in the relay's own process (small deployments, ``map_workers=0``)."""

    def __init__(self, to_message: ToMessage) -> None:
        self._to_message = to_message

    def submit(self, batch: Sequence[Notification]) -> PendingMessages:
        try:
            done = [m for n in batch if (m := self._to_message(n)) is not None]
        except Exception as exc:
            raise MappingFailed(repr(exc)) from exc
        return PendingMessages(done=done)

    def warm_up(self) -> None:
        pass

    def close(self) -> None:
        pass


class ProcessPoolMapper:
    """Maps in ``workers`` spawned processes; a broken pool is replaced on the next submit."""

    def __init__(self, factory: MessagesFactory, topic_prefix: str, workers: int, *,
                 inline: InProcessMapper | None = None, inline_max: int = 0) -> None:
        self._factory = factory
        self._prefix = topic_prefix
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        # Live traffic comes a few events at a time: the round trip to a worker process
        # would cost more latency than mapping them here (backlogs still go to the workers).
        self._inline = inline
        self._inline_max = inline_max if inline is not None else 0

    def submit(self, batch: Sequence[Notification]) -> PendingMessages:
        if self._inline is not None and len(batch) <= self._inline_max:
            return self._inline.submit(batch)
        rows = _rows(batch)
        size = -(-len(rows) // self._workers)
        try:
            pool = self._pool or self._start()
            return PendingMessages(parts=[
                pool.submit(_map_rows, rows[i:i + size]) for i in range(0, len(rows), size)
            ])
        except Exception as exc:
            self.close()
            raise MappingFailed(repr(exc)) from exc

    def warm_up(self) -> None:
        """Start the workers now (spawn + imports take seconds), not on the first batch."""
        try:
            pool = self._pool or self._start()
            for future in [pool.submit(_map_rows, []) for _ in range(self._workers)]:
                future.result(timeout=_WARM_UP_TIMEOUT_S)
        except Exception as exc:
            self.close()
            raise MappingFailed(repr(exc)) from exc

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the relay has live threads (producer, DB pool) that fork would copy.
        self._pool = ProcessPoolExecutor(
            max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker, initargs=(self._factory, self._prefix),
        )
        return self._pool

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
