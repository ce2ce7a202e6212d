"""Group commit: concurrent saves share a write, a conflicting batch is retried save by save,
an outage fails every member, and nothing is written twice or lost."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from eventsourcing.persistence import IntegrityError, OperationalError

from shared.writemodel.group_commit import GroupCommit


class FakeStore:
    """Writes batches; the first write blocks until released so that others queue behind it."""

    def __init__(self, conflicting: set[str] = frozenset(), down: bool = False) -> None:
        self.writes: list[list[str]] = []
        self.rows: list[str] = []
        self.conflicting = conflicting
        self.down = down
        self.first_entered = threading.Event()
        self.release = threading.Event()

    def put(self, events: Sequence[str]) -> list[int]:
        if not self.writes:
            self.first_entered.set()
            self.release.wait(5)
        self.writes.append(list(events))
        if self.down:
            raise OperationalError("connection refused")
        if self.conflicting & set(events):
            raise IntegrityError("duplicate key")
        start = len(self.rows)
        self.rows += events
        return list(range(start, start + len(events)))


def _run(group: GroupCommit[str, int], store: FakeStore, saves: list[list[str]]
         ) -> list[list[int] | BaseException]:
    """The first save writes alone and blocks; the rest queue behind it, then it is released."""
    outcomes: list[list[int] | BaseException] = [[] for _ in saves]

    def one(i: int) -> None:
        try:
            outcomes[i] = group.put(saves[i])
        except BaseException as exc:  # noqa: BLE001 - the outcome under test
            outcomes[i] = exc

    first = threading.Thread(target=one, args=(0,))
    first.start()
    assert store.first_entered.wait(5)
    rest = [threading.Thread(target=one, args=(i,)) for i in range(1, len(saves))]
    for t in rest:
        t.start()
    while len(group._queue) < len(rest):  # every later save is queued
        threading.Event().wait(0.001)
    store.release.set()
    for t in [first, *rest]:
        t.join(5)
    return outcomes


def test_a_lone_save_is_written_at_once() -> None:
    store = FakeStore()
    store.release.set()
    group: GroupCommit[str, int] = GroupCommit(store.put)
    assert group.put(["a", "b"]) == [0, 1]
    assert store.writes == [["a", "b"]]


def test_saves_queued_behind_a_write_share_the_next_one() -> None:
    store = FakeStore()
    group: GroupCommit[str, int] = GroupCommit(store.put)
    saves = [["first"], *[[f"e{i}a", f"e{i}b"] for i in range(6)]]
    outcomes = _run(group, store, saves)
    assert len(store.writes) == 2  # the first alone, then the six queued together
    assert sorted(store.writes[1]) == sorted(e for s in saves[1:] for e in s)
    for save, outcome in zip(saves, outcomes, strict=True):
        assert isinstance(outcome, list)
        assert [store.rows[i] for i in outcome] == save  # each gets its own events' results


def test_a_conflict_in_a_batch_fails_only_the_conflicting_save() -> None:
    store = FakeStore(conflicting={"dup"})
    group: GroupCommit[str, int] = GroupCommit(store.put)
    saves = [["first"], ["x"], ["dup"], ["y", "z"]]
    outcomes = _run(group, store, saves)
    assert isinstance(outcomes[2], IntegrityError)
    assert all(isinstance(outcomes[i], list) for i in (0, 1, 3))
    assert sorted(store.rows) == ["first", "x", "y", "z"]  # nothing lost, nothing twice


def test_an_outage_fails_every_member_and_writes_nothing() -> None:
    store = FakeStore(down=True)
    group: GroupCommit[str, int] = GroupCommit(store.put)
    outcomes = _run(group, store, [["a"], ["b"], ["c"]])
    assert all(isinstance(o, OperationalError) for o in outcomes)
    assert store.rows == []
    store.down = False  # the group is usable again afterwards
    assert group.put(["d"]) == [0]


def test_a_batch_is_bounded_and_the_rest_is_written_next() -> None:
    store = FakeStore()
    group: GroupCommit[str, int] = GroupCommit(store.put, max_saves=2)
    saves = [[f"s{i}"] for i in range(6)]
    outcomes = _run(group, store, saves)
    assert all(isinstance(o, list) for o in outcomes)
    assert [len(w) for w in store.writes] == [1, 2, 2, 1]
    assert sorted(store.rows) == sorted(s[0] for s in saves)


def test_many_threads_hammering_lose_nothing() -> None:
    threads = 16
    store = FakeStore()
    store.release.set()
    group: GroupCommit[str, int] = GroupCommit(store.put)

    def loop(t: int) -> None:
        for n in range(200):
            group.put([f"{t}-{n}"])

    workers = [threading.Thread(target=loop, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert sorted(store.rows) == sorted(f"{t}-{n}" for t in range(threads) for n in range(200))
