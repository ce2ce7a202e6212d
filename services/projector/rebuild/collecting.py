"""Garbage collection while a replay runs: by the number of messages, not of allocations.

A replay batch allocates hundreds of thousands of short-lived containers (envelopes,
documents, rows), and reference counting frees nearly all of them when the batch is done.
The automatic collector counts allocations instead, so it scans each batch's live objects
again and again while the batch is built: at 100,000 events that cost the applying process
about 15 µs of CPU per event even with raised thresholds, and the reader process more. So
during a replay automatic collection is off, and a full collection runs every ``every``
messages, which bounds what reference cycles can hold.
"""

from __future__ import annotations

import gc
from types import TracebackType
from typing import Self

EVERY = 50_000  # messages between full collections


class Collector:
    """``with Collector() as c:`` ... ``c.counted(len(batch))`` after each batch."""

    def __init__(self, every: int = EVERY) -> None:
        self.every = every
        self.pending = 0
        self.was_enabled = True

    def __enter__(self) -> Self:
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.was_enabled:
            gc.enable()

    def counted(self, messages: int) -> None:
        self.pending += messages
        if self.pending >= self.every:
            self.pending = 0
            gc.collect()
