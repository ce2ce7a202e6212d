from __future__ import annotations

import pytest

from services.projector.batch import Message
from services.projector.rebuild.read_ahead import ReadAhead


class _Source:
    def __init__(self, batches: int, fail_after: int | None = None) -> None:
        self.left, self.fail_after, self.polls = batches, fail_after, 0

    def poll(self, timeout_ms: int = 200) -> list[Message]:
        self.polls += 1
        if self.fail_after is not None and self.polls > self.fail_after:
            raise RuntimeError("broker gone")
        if self.left == 0:
            return []
        self.left -= 1
        return [Message("t", 0, self.polls * 10 + i, b"{}") for i in range(3)]


def _drain(ahead: ReadAhead, want: int) -> list[int]:
    offsets: list[int] = []
    for _ in range(200):
        offsets += [m.offset for m in ahead.poll(timeout_ms=50)]
        if len(offsets) >= want:
            break
    return offsets


def test_every_message_arrives_once_in_order() -> None:
    with ReadAhead(_Source(batches=30), depth=2) as ahead:
        offsets = _drain(ahead, 90)
        assert ahead.poll(timeout_ms=20) == []
    assert len(offsets) == 90 and offsets == sorted(offsets)


def test_a_failing_source_fails_the_reader() -> None:
    with ReadAhead(_Source(batches=10, fail_after=2)) as ahead:
        assert len(_drain(ahead, 6)) == 6
        with pytest.raises(RuntimeError, match="broker gone"):
            for _ in range(100):
                ahead.poll(timeout_ms=50)


def test_exit_stops_the_thread_even_with_a_full_queue() -> None:
    ahead = ReadAhead(_Source(batches=100), depth=1)
    with ahead:
        ahead.poll(timeout_ms=50)
    assert not ahead.thread.is_alive()
