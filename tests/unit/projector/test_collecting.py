"""A replay turns automatic garbage collection off and collects every so many messages."""

from __future__ import annotations

import gc

from services.projector.rebuild.collecting import Collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _cycles_alive() -> int:
    return sum(isinstance(o, _Cycle) for o in gc.get_objects())


def test_collection_is_off_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with Collector(every=10):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_leaves_collection_off_if_it_was() -> None:
    gc.disable()
    try:
        with Collector(every=10):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_are_collected_once_enough_messages_were_counted() -> None:
    gc.collect()
    with Collector(every=100) as collector:
        for _ in range(50):
            _Cycle()
        collector.counted(60)
        assert _cycles_alive() == 50  # not yet: 60 of 100 messages
        collector.counted(40)
        assert _cycles_alive() == 0
        _Cycle()
        collector.counted(99)
        assert _cycles_alive() == 1  # the count starts again after a collection
