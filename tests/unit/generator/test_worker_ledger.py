"""A partition's bookkeeping: per-key order, keys side by side, commit at the lowest unfinished
offset, rewind after a failure, revocation."""

from __future__ import annotations

from dataclasses import dataclass

from services.generator.worker.ledger import PartitionLedger


@dataclass
class Rec:
    offset: int
    key: bytes


def _take(ledger, *recs, wanted=True):
    return [ledger.take(r, wanted=wanted) for r in recs]


def test_a_keys_records_run_one_at_a_time_in_order_other_keys_at_once():
    ledger = PartitionLedger()
    a0, b1, a2, a3 = Rec(0, b"a"), Rec(1, b"b"), Rec(2, b"a"), Rec(3, b"a")
    assert _take(ledger, a0, b1, a2, a3) == [a0, b1, None, None]
    assert ledger.running == 2
    assert ledger.finish(a0, ledger.epoch) is a2
    assert ledger.finish(a2, ledger.epoch) is a3
    assert ledger.finish(a3, ledger.epoch) is None
    assert ledger.running == 1  # b1 still runs


def test_commit_stops_at_the_lowest_unfinished_offset():
    ledger = PartitionLedger()
    a0, b1, c2 = Rec(0, b"a"), Rec(1, b"b"), Rec(2, b"c")
    _take(ledger, a0, b1, c2)
    ledger.finish(b1, ledger.epoch)
    ledger.finish(c2, ledger.epoch)
    assert ledger.commit_point() == 0  # a0 unfinished: nothing past it
    ledger.finish(a0, ledger.epoch)
    assert ledger.commit_point() == 3
    assert ledger.commit_point() is None  # unchanged since
    assert ledger.take_finished_count() == 3


def test_records_without_work_are_committable_at_once_but_not_past_unfinished_ones():
    ledger = PartitionLedger()
    assert ledger.take(Rec(4, b"a"), wanted=False) is None
    assert ledger.commit_point() == 5
    ledger.take(Rec(5, b"a"), wanted=True)
    ledger.take(Rec(6, b"b"), wanted=False)
    assert ledger.commit_point() is None  # still 5: offset 5 runs
    assert ledger.take_finished_count() == 2


def test_a_failure_halts_the_partition_then_rewinds_to_the_lowest_unfinished():
    ledger = PartitionLedger()
    a0, b1, a2, b3 = Rec(0, b"a"), Rec(1, b"b"), Rec(2, b"a"), Rec(3, b"b")
    _take(ledger, a0, b1, a2)
    ledger.fail(a0, ledger.epoch)
    assert ledger.take(b3, wanted=True) is None  # halted: queued, not started
    assert ledger.rewind() is None  # b1 still runs
    assert ledger.finish(b1, ledger.epoch) is None  # halted: b3 does not start
    assert ledger.rewind() == 0
    assert ledger.commit_point() == 0 and ledger.size == 0
    # Redelivered from 0: b1 finished before the rewind, so it is skipped, the rest runs.
    assert _take(ledger, a0, b1, a2, b3) == [a0, None, None, b3]
    ledger.finish(a0, ledger.epoch)
    assert ledger.commit_point() == 2


def test_revocation_drops_the_queue_but_commits_only_below_it():
    ledger = PartitionLedger()
    a0, a1, b2 = Rec(0, b"a"), Rec(1, b"a"), Rec(2, b"b")
    _take(ledger, a0, a1, b2)
    ledger.drop_queued()
    assert ledger.finish(b2, ledger.epoch) is None
    assert ledger.finish(a0, ledger.epoch) is None  # a1 dropped: left to the next owner
    assert ledger.commit_point() == 1


def test_work_from_before_a_reset_keeps_its_key_busy_but_does_not_count():
    ledger = PartitionLedger()
    old = Rec(0, b"a")
    ledger.take(old, wanted=True)
    epoch = ledger.epoch
    ledger.reset(None)  # revoked while old runs, then assigned again
    again = Rec(0, b"a")
    assert ledger.take(again, wanted=True) is None  # waits for the late one of its key
    assert ledger.finish(old, epoch) is again  # then runs (and finds the session answered)
    assert ledger.commit_point() == 0
    ledger.finish(again, ledger.epoch)
    assert ledger.commit_point() == 1


def test_a_failure_from_before_a_reset_lets_its_keys_redelivered_record_run():
    ledger = PartitionLedger()
    old = Rec(0, b"a")
    ledger.take(old, wanted=True)
    epoch = ledger.epoch
    ledger.reset(None)
    again = Rec(0, b"a")
    ledger.take(again, wanted=True)
    assert ledger.fail(old, epoch) is again
    assert ledger.failed is None
