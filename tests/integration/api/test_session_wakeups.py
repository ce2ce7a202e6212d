"""StoreWakeups on a real event store: a commit for a watched aggregate wakes its waiter at
once; commits for other aggregates do not."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from services.api.adapters.store_wakeups import StoreWakeups
from services.api.adapters.writemodel import WriteModel
from tests.e2e.api.harness import create_database, drop_database


@pytest.fixture(scope="module")
def store() -> Iterator[tuple[str, WriteModel]]:
    name, dsn = create_database("h_api_wakeups")
    model = WriteModel.open(dsn, create_table=True, pool_size=2)
    try:
        yield dsn, model
    finally:
        model.close()
        drop_database(name)


def _append(dsn: str, model: WriteModel, originator: uuid.UUID) -> None:
    """One stored event committed the way the recorder does it: insert, NOTIFY, commit."""
    rec = model.app.recorder
    with psycopg.connect(dsn) as conn:
        conn.execute(
            sql.SQL("INSERT INTO {}.{} (originator_id, originator_version, topic, state) "
                    "VALUES (%s, 1, 'test:Event', '\\x7b7d')").format(
                sql.Identifier(rec.datastore.schema), sql.Identifier(rec.events_table_name)),
            (originator,))
        conn.execute(sql.SQL("NOTIFY {}").format(sql.Identifier(rec.channel_name)))


@pytest.fixture
def wakeups(store: tuple[str, WriteModel]) -> Iterator[StoreWakeups]:
    dsn, model = store
    hub = StoreWakeups.for_recorder(dsn, model.app.recorder)
    hub.start()
    deadline = time.monotonic() + 10
    while not hub.listening and time.monotonic() < deadline:
        time.sleep(0.02)
    assert hub.listening
    try:
        yield hub
    finally:
        hub.close()


def test_a_commit_for_the_watched_aggregate_wakes_its_waiter_at_once(
    store: tuple[str, WriteModel], wakeups: StoreWakeups,
) -> None:
    dsn, model = store
    watched, other = uuid.uuid4(), uuid.uuid4()
    with wakeups.watch(str(watched)) as woken:
        _append(dsn, model, other)
        assert not woken.wait(0.5)  # another aggregate's event is not ours
        began = time.monotonic()
        threading.Timer(0.1, _append, (dsn, model, watched)).start()
        assert woken.wait(5)
        assert time.monotonic() - began < 2
