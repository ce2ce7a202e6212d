"""The consumer loop's commit, rewind and stop rules, with a hand-written fake consumer."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from kafka.structs import TopicPartition

from services.generator.worker.loop import run


@dataclass
class Rec:
    topic: str
    partition: int
    offset: int


class FakeConsumer:
    def __init__(self, batches, stop):
        self.batches, self.stop = list(batches), stop
        self.commits, self.seeks = [], []

    def poll(self, timeout_ms):
        if not self.batches:
            self.stop.set()
            return {}
        return self.batches.pop(0)

    def commit(self, offsets):
        self.commits += [(tp.partition, meta.offset) for tp, meta in offsets.items()]

    def seek(self, tp, offset):
        self.seeks.append((tp.partition, offset))

    def assignment(self):
        return set()


def _batch(*parts):
    return {TopicPartition("t", p): [Rec("t", p, o) for o in offsets] for p, offsets in parts}


def test_each_record_is_committed_after_it_is_processed():
    stop = threading.Event()
    consumer = FakeConsumer([_batch((0, [0, 1]), (1, [5]))], stop)
    assert run(consumer, lambda r: "generated", stop, 1) == 3
    assert consumer.commits == [(0, 1), (0, 2), (1, 6)]


def test_a_failure_rewinds_its_partition_and_the_others_go_on():
    stop = threading.Event()

    def process(r):
        if (r.partition, r.offset) == (0, 1):
            raise ConnectionError("dead letter unreachable")
        return "generated"

    consumer = FakeConsumer([_batch((0, [0, 1, 2]), (1, [5]))], stop)
    run(consumer, process, stop, 1)
    assert consumer.seeks == [(0, 1)]
    assert consumer.commits == [(0, 1), (1, 6)]  # nothing past the failed record


def test_stop_finishes_the_record_in_flight_and_starts_no_other():
    stop = threading.Event()
    seen = []

    def process(r):
        seen.append(r.offset)
        stop.set()  # SIGTERM arrives while this record is being handled
        return "generated"

    consumer = FakeConsumer([_batch((0, [0, 1]), (1, [5]))], stop)
    assert run(consumer, process, stop, 1) == 1
    assert seen == [0] and consumer.commits == [(0, 1)]
