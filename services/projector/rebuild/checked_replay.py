"""The rebuild's source: a child process reads the topics and checks every envelope.

Reading Kafka (kafka-python decodes records in Python) and checking envelopes (parse, upcast,
payload model) cost about as much per event as applying it; in a process of their own they run
on the other core while this one applies. The child hands over each message with its check
(batch.Checked), computed by the same functions apply_batch would call, so a malformed message
is dead-lettered or skipped exactly as before. The queue is bounded: memory stays flat.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import time
from typing import Any

from services.projector import envelope as wire
from services.projector.batch import TP, Checked, Message
from services.projector.rebuild.collecting import Collector

DEPTH = 2  # polls held in the pipe
POLL_MESSAGES = 2000  # at most, per poll
# Kafka fetch limits (per partition, per response): a response is held raw until decoded, and
# kafka-python's defaults (1 MiB, 50 MiB) let one response over 18 partitions reach 18 MiB
FETCH_BYTES = (256 << 10, 4 << 20)
START_TIMEOUT_S = 120.0


def check(value: bytes | None) -> Checked:
    """What apply_batch would find: the envelope or why not, then its current version or why
    it is skipped."""
    try:
        env = wire.parse(value)
    except wire.EnvelopeError as exc:
        return None, str(exc), None, None
    current, reason = wire.current(env)
    if reason is None and current["payload"] is env["payload"] \
            and current["schema_version"] == env["schema_version"]:
        env = current  # equal envelopes: one dict crosses the pipe and stays in the batch
    return env, None, current, reason


def _handed_over(m: Message) -> tuple[Any, ...]:
    """A message as it crosses the pipe: its raw value only when it is not an envelope (that
    is all the parent reads it for: the dead letter); an envelope is handed over parsed."""
    checked = check(m.value)
    value = m.value if checked[0] is None else None
    return (m.topic, m.partition, m.offset, value, m.key, m.headers, checked)


def _put(out: Any, stop: Any, item: tuple[str, Any]) -> bool:
    while not stop.is_set():
        try:
            out.put(item, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False


def _read(bootstrap: str, topics: list[str], out: Any, stop: Any, poll_messages: int,
          fetch_bytes: tuple[int, int]) -> None:
    try:
        _read_into(bootstrap, topics, out, stop, poll_messages, fetch_bytes)
    finally:
        # Stopped by the parent, which reads no more: exit without flushing what is queued.
        # Otherwise (an error) exiting waits until the error is in the pipe for the parent.
        if stop.is_set():
            out.cancel_join_thread()


def _read_into(bootstrap: str, topics: list[str], out: Any, stop: Any, poll_messages: int,
               fetch_bytes: tuple[int, int]) -> None:
    # imported here: the parent, which only applies, need not load kafka-python
    from services.projector.rebuild.replay import KafkaReplay

    try:
        replay = KafkaReplay(bootstrap, topics, poll_messages, fetch_bytes)
    except Exception as exc:  # noqa: BLE001 - handed to the parent, who raises it
        _put(out, stop, ("error", f"{type(exc).__name__}: {exc}"))
        return
    try:
        if not _put(out, stop, ("ends", replay.end_offsets())):
            return
        with Collector() as collector:
            while not stop.is_set():
                polled = replay.poll()
                if polled and not _put(out, stop, ("batch", [_handed_over(m) for m in polled])):
                    return
                collector.counted(len(polled))
    except Exception as exc:  # noqa: BLE001 - handed to the parent, who raises it
        _put(out, stop, ("error", f"{type(exc).__name__}: {exc}"))
    finally:
        replay.close()


class CheckedReplay:
    """Every partition of ``topics`` from offset 0, read and checked by a child process."""

    def __init__(self, bootstrap: str, topics: list[str], depth: int = DEPTH) -> None:
        ctx = mp.get_context("spawn")  # no inherited threads, sockets or connections
        self.queue: Any = ctx.Queue(maxsize=depth)
        self.stop = ctx.Event()
        self.process = ctx.Process(target=_read, args=(bootstrap, list(topics), self.queue,
                                                       self.stop, POLL_MESSAGES, FETCH_BYTES),
                                   name="replay-reader", daemon=True)
        self.process.start()
        try:
            self.ends: dict[TP, int] = self._next(START_TIMEOUT_S * 1000, "ends")
        except BaseException:
            self.close()
            raise

    def _next(self, timeout_ms: float, kind: str) -> Any:
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            try:
                got, value = self.queue.get(
                    timeout=max(0.0, min(0.5, deadline - time.monotonic())))
                break
            except queue.Empty:
                if not self.process.is_alive():
                    try:  # its last word may still be on its way through the pipe
                        got, value = self.queue.get(timeout=1.0)
                        break
                    except queue.Empty:
                        raise RuntimeError(
                            f"replay reader exited ({self.process.exitcode})") from None
                if time.monotonic() >= deadline:
                    return None
        if got == "error":
            raise RuntimeError(f"replay reader failed: {value}")
        assert got == kind, got
        return value

    def end_offsets(self) -> dict[TP, int]:
        """The offset after the last message of each partition when the reader started."""
        return dict(self.ends)

    def poll(self, timeout_ms: int = 200) -> list[Message]:
        rows = self._next(timeout_ms, "batch")
        if rows is None:
            return []
        return [Message(t, p, o, v, k, h, c) for t, p, o, v, k, h, c in rows]

    def close(self) -> None:
        self.stop.set()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        self.queue.close()
