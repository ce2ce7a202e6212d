"""A one-line terminal progress bar, safe to tick from several threads."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, total: int, label: str, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.total = max(1, total)
        self.label = label
        self.stream = stream
        self.width = width
        self.done = 0
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.draw("")

    def tick(self, note: str = "") -> None:
        with self.lock:
            self.done += 1
            self.draw(note)

    def draw(self, note: str) -> None:
        filled = int(self.width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (self.width - filled)
        line = (f"\r{self.label} [{bar}] {self.done}/{self.total} "
                f"{elapsed:5.0f}s  {note[:28]:<28}")
        self.stream.write(line)
        self.stream.flush()

    def finish(self) -> None:
        with self.lock:
            self.stream.write("\n")
            self.stream.flush()
