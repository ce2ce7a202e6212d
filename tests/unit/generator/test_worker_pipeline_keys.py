"""The pipeline driven directly: keys of one partition side by side, revocation, buffer cap."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from kafka.structs import TopicPartition

from services.generator.worker.pipeline import PartitionPipeline

TP = TopicPartition("t", 0)


@dataclass
class Rec:
    offset: int
    key: bytes
    topic: str = "t"
    partition: int = 0
    headers: list = field(default_factory=list)


class Consumer:
    """Records what the poll thread asks of the consumer."""

    def __init__(self) -> None:
        self.assigned = {TP}
        self.commits: list[int] = []
        self.paused: list[int] = []
        self.resumed: list[int] = []

    def assignment(self):
        return set(self.assigned)

    def commit_async(self, offsets, callback=None):
        self.commit(offsets)

    def commit(self, offsets):
        self.commits += [meta.offset for meta in offsets.values()]

    def pause(self, *tps):
        self.paused += [tp.partition for tp in tps]

    def resume(self, *tps):
        self.resumed += [tp.partition for tp in tps]

    def seek(self, tp, offset):
        raise AssertionError("no failure here")


def _settled(pipeline: PartitionPipeline, consumer: Consumer) -> None:
    while pipeline.busy:
        threading.Event().wait(0.01)
    pipeline.settle(consumer)


def test_two_keys_of_one_partition_run_at_once_and_commit_waits_for_the_lower_offset():
    stop, consumer = threading.Event(), Consumer()
    together = threading.Barrier(2, timeout=5)
    release, b_done = threading.Event(), threading.Event()

    def process(r):
        together.wait()  # fails unless a0 and b1 run side by side
        if r.key == b"a":
            release.wait(5)
        else:
            b_done.set()
        return "generated"

    pipeline = PartitionPipeline(process, stop, 4)
    pipeline.submit(consumer, {TP: [Rec(0, b"a"), Rec(1, b"b")]})
    assert b_done.wait(5)
    pipeline.settle(consumer)
    assert consumer.commits == [0]  # b1 finished, a0 not: nothing past offset 0
    release.set()
    _settled(pipeline, consumer)
    assert consumer.commits == [0, 2] and consumer.paused == []
    pipeline.close(consumer)


def test_revocation_waits_for_running_work_and_starts_none_of_the_queue():
    stop, consumer = threading.Event(), Consumer()
    started, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def process(r):
        started.set()
        release.wait(5)
        seen.append(r.offset)
        return "generated"

    pipeline = PartitionPipeline(process, stop, 4, revoke_wait_s=5)
    pipeline.submit(consumer, {TP: [Rec(0, b"a"), Rec(1, b"a")]})
    assert started.wait(5)
    threading.Timer(0.1, release.set).start()
    pipeline.on_partitions_revoked({TP})
    assert seen == [0]  # waited for offset 0; offset 1 is the next owner's
    pipeline.settle(consumer)  # still assigned (eager rebalance gave it back): commit what ended
    assert consumer.commits == [1]
    _settled(pipeline, consumer)
    assert seen == [0]
    pipeline.close(consumer)


def test_a_revoked_partition_is_not_committed_by_the_old_owner():
    stop, consumer = threading.Event(), Consumer()
    pipeline = PartitionPipeline(lambda r: "generated", stop, 2)
    pipeline.submit(consumer, {TP: [Rec(0, b"a")]})
    while pipeline.busy:
        threading.Event().wait(0.01)
    pipeline.on_partitions_revoked({TP})
    consumer.assigned = set()
    pipeline.settle(consumer)
    assert consumer.commits == []
    pipeline.close(consumer)


def test_a_full_partition_is_paused_until_it_drains():
    stop, consumer = threading.Event(), Consumer()
    release = threading.Event()
    pipeline = PartitionPipeline(lambda r: release.wait(5) and "generated", stop, 2,
                                 buffer_cap=3)
    pipeline.submit(consumer, {TP: [Rec(0, b"a"), Rec(1, b"a")]})
    assert consumer.paused == []
    pipeline.submit(consumer, {TP: [Rec(2, b"a")]})
    assert consumer.paused == [0]
    pipeline.settle(consumer)
    assert consumer.resumed == []  # still full
    release.set()
    _settled(pipeline, consumer)
    assert consumer.resumed == [0] and consumer.commits[-1] == 3
    pipeline.close(consumer)
