"""Reading the next messages while the current batch is applied.

Decoding Kafka records is Python work, and applying a batch spends much of its time waiting
for PostgreSQL (the GIL is released then): a thread that polls ahead overlaps the two. The
queue is bounded, so memory stays flat; the source is only ever touched by the thread.
"""

from __future__ import annotations

import queue
import threading
from types import TracebackType
from typing import Protocol, Self

from services.projector.batch import Message

DEPTH = 8  # polls held ahead (KafkaReplay: up to 2,000 messages each)


class _Pollable(Protocol):
    def poll(self, timeout_ms: int = 200) -> list[Message]: ...


class ReadAhead:
    """Wraps a source's ``poll``; use as a context manager (the thread stops on exit)."""

    def __init__(self, source: _Pollable, depth: int = DEPTH) -> None:
        self.source = source
        self.ahead: queue.Queue[list[Message] | Exception] = queue.Queue(maxsize=depth)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="replay-read-ahead", daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stopping.set()
        while self.thread.is_alive():  # unblock a put on a full queue
            try:
                self.ahead.get_nowait()
            except queue.Empty:
                pass
            self.thread.join(timeout=0.05)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                polled: list[Message] | Exception = self.source.poll()
            except Exception as exc:  # noqa: BLE001 - handed to the reader, who raises it
                polled = exc
            if isinstance(polled, list) and not polled:
                continue
            while not self.stopping.is_set():
                try:
                    self.ahead.put(polled, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if isinstance(polled, Exception):
                return

    def poll(self, timeout_ms: int = 200) -> list[Message]:
        try:
            polled = self.ahead.get(timeout=timeout_ms / 1000)
        except queue.Empty:
            return []
        if isinstance(polled, Exception):
            raise polled
        return polled
