"""The write model on the real PostgreSQL: persistence, the log, versions, idempotency, races."""

from __future__ import annotations

import threading
from datetime import timedelta
from uuid import uuid4

import psycopg
import pytest
from wm_world import World, build_world, drive_every_event_type

from shared.events.examples import PLAN
from shared.events.registry import EVENT_MODELS
from shared.writemodel.application import SpotterApplication
from shared.writemodel.clients.report_injury import ReportInjury, report_injury
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.errors import AlreadyGenerated, Conflict
from shared.writemodel.outbound import read_envelopes
from shared.writemodel.sessions.record_generated import RecordGenerated, record_generated
from shared.writemodel.sessions.request_session import RequestSession, request_session
from shared.writemodel.store import aggregate_as_of, aggregate_at_version, open_application


def notification_ids(app: SpotterApplication) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(start=1, limit=100_000)]


def injury(world: World, **overrides: object) -> ReportInjury:
    fields = {"client_id": world.client, "injury_id": uuid4(), "region": "knee", "severity": 4}
    return ReportInjury(**{**fields, **overrides})  # type: ignore[arg-type]


def test_every_event_persists_reloads_and_maps_to_its_contract(
    app: SpotterApplication, database_url: str
) -> None:
    world = build_world(app)
    drive_every_event_type(world)
    reopened = open_application(database_url, create_table=False)
    try:
        client = reopened.get_aggregate(world.client, Client)
        assert client.version == app.get_aggregate(world.client, Client).version
        assert client.roadmap_position == {"block_index": 0, "week": 2}
        envelopes = [e for _, e in read_envelopes(reopened, after=0, limit=10_000)]
        types = {e.type for e in envelopes if e is not None}
        assert types == set(EVENT_MODELS)
        assert all(e.current_payload() for e in envelopes if e is not None)
    finally:
        reopened.close()


def test_stale_expected_version_is_a_conflict(app: SpotterApplication) -> None:
    world = build_world(app)
    report_injury(app, injury(world), world.ctx(expected_version=1))
    with pytest.raises(Conflict) as info:
        report_injury(app, injury(world), world.ctx(expected_version=1))
    assert info.value.current_version == 2


def test_idempotent_retries_write_nothing_even_when_racing(app: SpotterApplication) -> None:
    world = build_world(app)
    before = len(notification_ids(app))
    results: list[object] = []
    barrier = threading.Barrier(4)

    def retry() -> None:
        barrier.wait()
        results.append(report_injury(app, injury(world), world.ctx(idempotency_key="same")))

    threads = [threading.Thread(target=retry) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # One injury event plus its idempotency record, whatever the interleaving.
    assert len(notification_ids(app)) == before + 2
    assert len({r.to_json()["version"] for r in results}) == 1  # type: ignore[attr-defined]
    assert len(app.get_aggregate(world.client, Client).injuries) == 1


def test_concurrent_generators_exactly_one_wins(app: SpotterApplication) -> None:
    world = build_world(app)
    session_id = uuid4()
    request_session(app, RequestSession(client_id=world.client, session_id=session_id,
                                        duration_min=45, equipment=["dumbbell"]), world.ctx())
    outcomes: list[str] = []
    barrier = threading.Barrier(4)
    gen = {"mode": "engine", "version": "e1", "model": None, "llm_calls": []}

    def generate() -> None:
        barrier.wait()
        try:
            record_generated(app, RecordGenerated(session_id=session_id, plan=PLAN, generator=gen),
                             world.ctx(expected_version=1))
            outcomes.append("won")
        except (Conflict, AlreadyGenerated):
            outcomes.append("refused")

    threads = [threading.Thread(target=generate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "won"]
    assert app.get_aggregate(session_id, TrainingSession).version == 2


def test_notification_ids_follow_commit_order_without_gaps(app: SpotterApplication) -> None:
    worlds = [build_world(app) for _ in range(3)]
    start = max(notification_ids(app))

    def write(world: World) -> None:
        for _ in range(10):
            report_injury(app, injury(world), world.ctx())

    threads = [threading.Thread(target=write, args=(w,)) for w in worlds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = notification_ids(app)
    new = [i for i in ids if i > start]
    assert new == list(range(start + 1, start + 31))
    # Within each client's stream the log order is the version order.
    notes = app.recorder.select_notifications(start=start + 1, limit=100)
    for world in worlds:
        versions = [n.originator_version for n in notes if n.originator_id == world.client]
        assert versions == sorted(versions) and len(versions) == 10


def test_reads_at_a_version_and_as_of_a_time(app: SpotterApplication) -> None:
    world = build_world(app)
    report_injury(app, injury(world), world.ctx())
    reported_at = world.clock[0]
    report_injury(app, injury(world), world.ctx())
    assert aggregate_at_version(app, world.client, Client, 1).injuries == {}
    assert len(aggregate_as_of(app, world.client, Client, reported_at).injuries) == 1
    with pytest.raises(KeyError):
        aggregate_as_of(app, world.client, Client, reported_at - timedelta(days=1))


def test_the_app_role_cannot_rewrite_history(app: SpotterApplication, database_url: str) -> None:
    build_world(app)
    with psycopg.connect(database_url, autocommit=True) as conn:
        for statement in ("UPDATE spotter_events SET topic = 'x'", "DELETE FROM spotter_events",
                          "TRUNCATE spotter_events"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)  # type: ignore[arg-type]


def test_concurrent_commands_share_transactions_and_lose_nothing(
    app: SpotterApplication, database_url: str
) -> None:
    """Group commit on the real store: 12 threads, each reporting injuries on a client of its
    own and, now and then, racing the others with a stale version on one shared client."""
    worlds = [build_world(app) for _ in range(12)]
    shared = worlds[0]
    before = notification_ids(app)
    stale_wins: list[int] = []
    barrier = threading.Barrier(len(worlds))

    def work(world: World) -> None:
        barrier.wait()
        for n in range(20):
            report_injury(app, injury(world), world.ctx())
            if n % 5 == 0:
                try:
                    report_injury(app, injury(shared), shared.ctx(expected_version=5 + n))
                    stale_wins.append(n)
                except Conflict:
                    pass

    threads = [threading.Thread(target=work, args=(w,)) for w in worlds]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    after = notification_ids(app)
    new = after[len(before):]
    # every save landed once, in gapless commit order
    assert len(new) == 12 * 20 + len(stale_wins)
    assert new == list(range(before[-1] + 1, before[-1] + 1 + len(new)))
    # each expected version was won at most once
    assert len(stale_wins) == len(set(stale_wins))
    for world in worlds[1:]:
        assert len(app.get_aggregate(world.client, Client).injuries) == 20
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT count(DISTINCT xmin::text) FROM spotter_events "
                           "WHERE notification_id > %s", (before[-1],)).fetchone()
    assert row is not None and row[0] < len(new)  # some transactions held several saves
