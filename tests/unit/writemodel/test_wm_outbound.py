"""outbound: every stored event maps to its public contract, routed per the catalogue."""

from __future__ import annotations

import pytest
from wm_world import World, drive_every_event_type

from shared.events import topics
from shared.events.envelope import Envelope
from shared.events.registry import EVENT_MODELS
from shared.writemodel.outbound import envelope_from_notification, route


def all_envelopes(world: World) -> tuple[list[Envelope], int]:
    notifications = world.app.recorder.select_notifications(start=1, limit=1000)
    envelopes = [envelope_from_notification(world.app, n) for n in notifications]
    return [e for e in envelopes if e is not None], len(notifications)


def test_every_event_type_round_trips_through_its_contract(world: World) -> None:
    drive_every_event_type(world)
    envelopes, _ = all_envelopes(world)
    assert {e.type for e in envelopes} == set(EVENT_MODELS)
    for envelope in envelopes:
        again = Envelope.from_json_bytes(envelope.to_json_bytes())
        assert again == envelope
        assert again.current_payload().to_payload() == envelope.payload
        assert envelope.organization_id == world.org
        assert envelope.correlation_id == "req-1" and envelope.actor.kind == "admin"


def test_positions_are_the_notification_ids_and_secrets_never_leave(world: World) -> None:
    drive_every_event_type(world)
    envelopes, count = all_envelopes(world)
    assert [e.position for e in envelopes] == list(range(1, count + 1))
    for envelope in envelopes:
        assert "secret" not in envelope.to_json_bytes().decode()


def test_idempotency_records_are_internal(world: World) -> None:
    from uuid import uuid4

    from shared.writemodel.clients.report_injury import ReportInjury, report_injury
    report_injury(world.app, ReportInjury(client_id=world.client, injury_id=uuid4(),
                                          region="hip", severity=1),
                  world.ctx(idempotency_key="abc"))
    envelopes, count = all_envelopes(world)
    assert count == len(envelopes) + 1


def test_route_keys_by_the_catalogue(world: World) -> None:
    drive_every_event_type(world)
    envelopes, _ = all_envelopes(world)
    for envelope in envelopes:
        topic, key = route(envelope)
        family = envelope.type.split(".")[0]
        if family in ("client", "roadmap", "session"):
            assert (topic, key) == (topics.CLIENTS, str(world.client))
        elif family == "trainer":
            assert topic == topics.TRAINERS and key == str(envelope.aggregate_id)
        else:
            assert (topic, key) == (topics.ORGANIZATIONS, str(world.org))
    sessions = [e for e in envelopes if e.aggregate_type == "session"]
    assert sessions and all(e.client_id == world.client for e in sessions)


def test_the_domain_never_reads_the_clock_nor_makes_ids(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Time and ids come from the caller: the library's own defaults must never be reached."""
    from eventsourcing.domain import Aggregate, CanCreateTimestamp

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the domain asked the library for a clock reading or an id")

    monkeypatch.setattr(CanCreateTimestamp, "create_timestamp", staticmethod(refuse))
    monkeypatch.setattr(Aggregate, "create_id", staticmethod(refuse))
    drive_every_event_type(world)
    envelopes, _ = all_envelopes(world)
    assert max(e.occurred_at for e in envelopes) == world.clock[0]


def test_read_envelopes_pages_through_the_log_including_internal_rows(world: World) -> None:
    from uuid import uuid4

    from shared.writemodel.clients.report_injury import ReportInjury, report_injury
    from shared.writemodel.outbound import read_envelopes

    report_injury(world.app, ReportInjury(client_id=world.client, injury_id=uuid4(),
                                          region="hip", severity=1),
                  world.ctx(idempotency_key="page"))
    seen: list[int] = []
    skipped = 0
    position = 0
    while page := read_envelopes(world.app, after=position, limit=2):
        for position, envelope in page:
            seen.append(position)
            skipped += envelope is None
    assert seen == list(range(1, len(seen) + 1)) and skipped == 1
