"""ReadAhead: a background select is used only by the read it was issued for."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from services.api.relay.source import ReadAhead


class Log:
    """Answers ``after`` with (position, limit, thread name); can be made to fail or block."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.release = threading.Event()
        self.release.set()
        self.fail: Exception | None = None

    def after(self, position: int, limit: int) -> Any:
        self.release.wait(5)
        self.calls.append((position, limit))
        if self.fail is not None:
            raise self.fail
        return [(position, limit, threading.current_thread().name)]


def test_the_read_it_was_issued_for_gets_the_background_result() -> None:
    log = Log()
    read = ReadAhead(log)  # type: ignore[arg-type]
    try:
        log.release.clear()
        read.start(100, 50)
        log.release.set()
        ((position, limit, thread),) = read.after(100, 50)
        assert (position, limit) == (100, 50) and thread.startswith("relay-read-ahead")
        assert read.after(150, 50)[0][2] == threading.current_thread().name  # nothing pending
    finally:
        read.close()


def test_a_read_for_another_position_or_after_forget_selects_afresh() -> None:
    log = Log()
    read = ReadAhead(log)  # type: ignore[arg-type]
    try:
        read.start(100, 50)
        assert read.after(40, 50)[0][:2] == (40, 50)  # a reset: the read-ahead is dropped
        read.start(100, 50)
        read.forget()
        assert read.after(100, 50)[0][2] == threading.current_thread().name
    finally:
        read.close()


def test_errors_of_the_background_select_surface_in_the_read() -> None:
    log = Log()
    log.fail = ConnectionError("database went away")
    read = ReadAhead(log)  # type: ignore[arg-type]
    try:
        read.start(7, 10)
        with pytest.raises(ConnectionError):
            read.after(7, 10)
    finally:
        read.close()
