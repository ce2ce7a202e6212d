"""The pipelined loop (concurrency > 1): order within a key, keys and partitions side by side,
unpaused while busy, one commit per settle, rewind after a failure, stop finishes in-flight work."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from kafka.structs import TopicPartition

from services.generator.worker.loop import run


@dataclass
class Rec:
    topic: str
    partition: int
    offset: int
    headers: list = field(default_factory=list)


class FakeConsumer:
    def __init__(self, batches, stop):
        self.batches, self.stop = list(batches), stop
        self.commits, self.seeks, self.paused_log = [], [], []
        self.paused_now: set = set()
        self.listener = None
        self.lock = threading.Lock()
        self.expected: dict[int, int] = {}  # partition: the commit that covers all delivered

    def drained(self):
        with self.lock:
            done = {p: max((o for q, o in self.commits if q == p), default=-1)
                    for p in self.expected}
        return all(done[p] >= end for p, end in self.expected.items())

    def subscription(self):
        return {"t"}

    def subscribe(self, topics, listener=None):
        self.listener = listener

    def poll(self, timeout_ms):
        time.sleep(timeout_ms / 1000)
        if not self.batches:
            if not self.paused_now and self.drained():
                self.stop.set()
            return {}
        batch = self.batches[0]
        if any(tp in self.paused_now for tp in batch):
            return {}  # like Kafka: a paused partition yields nothing
        for tp, records in batch.items():
            self.expected[tp.partition] = records[-1].offset + 1
        return self.batches.pop(0)

    def commit_async(self, offsets, callback=None):
        self.commit(offsets)

    def commit(self, offsets):
        with self.lock:
            self.commits += [(tp.partition, meta.offset) for tp, meta in offsets.items()]

    def seek(self, tp, offset):
        self.seeks.append((tp.partition, offset))
        self.expected[tp.partition] = offset  # not redelivered here: drained once committed

    def pause(self, *tps):
        self.paused_now.update(tps)
        self.paused_log += [tp.partition for tp in tps]

    def resume(self, *tps):
        self.paused_now.difference_update(tps)

    def paused(self):
        return set(self.paused_now)

    def assignment(self):
        return {TopicPartition("t", p) for p in range(4)}

    def highwater(self, tp):
        return None


def _batch(*parts, headers=()):
    return {TopicPartition("t", p): [Rec("t", p, o, list(headers)) for o in offsets]
            for p, offsets in parts}


def test_partitions_run_side_by_side_each_in_order_and_all_is_committed():
    stop = threading.Event()
    seen: list[tuple[int, int]] = []
    together = threading.Barrier(2, timeout=5)  # both partitions must be in flight at once

    def process(r):
        if r.offset in (0, 5):
            together.wait()
        seen.append((r.partition, r.offset))
        return "generated"

    consumer = FakeConsumer([_batch((0, [0, 1, 2]), (1, [5, 6]))], stop)
    assert run(consumer, process, stop, 10, concurrency=2) == 5
    assert [o for p, o in seen if p == 0] == [0, 1, 2]
    assert [o for p, o in seen if p == 1] == [5, 6]
    # Working partitions stay unpaused: other keys' records keep coming.
    assert consumer.paused_log == [] and not consumer.paused_now
    assert max(o for p, o in consumer.commits if p == 0) == 3
    assert max(o for p, o in consumer.commits if p == 1) == 7
    assert consumer.listener is not None


def test_a_keys_later_record_waits_for_its_earlier_one():
    stop = threading.Event()
    release = threading.Event()
    order: list[int] = []

    def process(r):
        if r.offset == 0:
            release.wait(5)
        order.append(r.offset)
        return "generated"

    # Both records have the same key (None): offset 1 is queued until offset 0 is done.
    consumer = FakeConsumer([_batch((0, [0])), _batch((0, [1]))], stop)

    def release_later():
        time.sleep(0.2)
        release.set()

    threading.Thread(target=release_later).start()
    run(consumer, process, stop, 10, concurrency=2)
    assert order == [0, 1]
    assert consumer.commits[-1] == (0, 2)


def test_a_failure_rewinds_its_partition_and_commits_only_what_came_before():
    stop = threading.Event()

    def process(r):
        if (r.partition, r.offset) == (0, 1):
            raise ConnectionError("dead letter unreachable")
        return "generated"

    consumer = FakeConsumer([_batch((0, [0, 1, 2]), (1, [5]))], stop)
    run(consumer, process, stop, 10, concurrency=2)
    assert consumer.seeks == [(0, 1)]
    assert (0, 1) in consumer.commits and (1, 6) in consumer.commits
    assert all(o <= 1 for p, o in consumer.commits if p == 0)


def test_records_without_work_are_committed_without_pausing_their_partition():
    stop = threading.Event()
    calls: list[int] = []
    other = [("event_type", b"session.generated")]
    consumer = FakeConsumer([_batch((2, [7, 8]), headers=other)], stop)
    run(consumer, lambda r: calls.append(r.offset) or "skipped", stop, 10, concurrency=2)
    assert calls == [] and consumer.paused_log == [] and consumer.commits == [(2, 9)]


def test_stop_finishes_the_records_in_flight_and_starts_no_other():
    stop = threading.Event()
    seen: list[int] = []

    def process(r):
        seen.append(r.offset)
        stop.set()  # SIGTERM arrives while this record is being handled
        return "generated"

    consumer = FakeConsumer([_batch((0, [0, 1]))], stop)
    assert run(consumer, process, stop, 10, concurrency=2) == 1
    assert seen == [0] and consumer.commits == [(0, 1)]
