"""outbound_wire: the relay's fast path writes exactly the validating path's Kafka records."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Notification
from wm_world import World, build_world, drive_every_event_type

from shared.events.envelope import Actor
from shared.events.registry import EVENT_MODELS
from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.outbound import event_id_for, route, to_envelope
from shared.writemodel.outbound_wire import WireEncoder, WireRecord, event_id_text

ODD_TEXT = 'é ✓ \x01\x1f "quoted" back\\slash\nline\u2028sep 🏋'
IST = timezone(timedelta(hours=5, minutes=30))


@dataclass
class OddWorld(World):
    """Commands stamped with a non-UTC offset and microseconds, odd ids and a causation."""

    def ctx(self, **overrides: Any) -> CommandContext:
        self.clock[0] += timedelta(seconds=1, microseconds=1234)
        fields: dict[str, Any] = {
            "organization_id": self.org, "actor": Actor(kind="trainer", id="ключ-1"),
            "correlation_id": f"req {ODD_TEXT}", "causation_id": "cause-ü",
            "now": self.clock[0].astimezone(IST),
        }
        return CommandContext(**{**fields, **overrides})


def validating_record(app: SpotterApplication, n: Notification) -> WireRecord | None:
    """Independent of the fast path: contract model_validate, Envelope, its JSON and route."""
    envelope = to_envelope(app.mapper.to_domain_event(n), n.id)
    if envelope is None:
        return None
    topic, key = route(envelope)
    return WireRecord(topic, key.encode(), envelope.to_json_bytes(), envelope.headers())


def odd_events(world: World) -> None:
    from shared.events.examples import PLAN
    from shared.writemodel.clients.update_profile import UpdateProfile, update_profile
    from shared.writemodel.sessions import log_session, record_generated, request_session

    update_profile(world.app, UpdateProfile(client_id=world.client, changes={
        "notes": ODD_TEXT, "preferences": {"zeta": "1", "alpha": ODD_TEXT},
        "sessions_per_week": 4}), world.ctx())
    session = uuid4()
    request_session.request_session(world.app, request_session.RequestSession(
        client_id=world.client, session_id=session, duration_min=45), world.ctx())
    record_generated.record_generated(world.app, record_generated.RecordGenerated(
        session_id=session, plan=PLAN, generator={"mode": "engine", "version": "e1"}),
        world.ctx())
    log_session.log_session(world.app, log_session.LogSession(
        session_id=session, feel=3, session_rpe=7, performed_on=world.clock[0].date(),
        exercises=[{"exercise_id": "goblet_squat", "sets": [
            {"reps": 10, "load_kg": 1e-7}, {"reps": 1, "load_kg": 1e20},
            {"reps": 8, "load_kg": 22.5, "rpe": 8}]}]), world.ctx())


def stored_world(app: SpotterApplication) -> list[Notification]:
    world = build_world(app)
    drive_every_event_type(world)
    odd = OddWorld(**vars(world))
    drive_every_event_type(odd)
    odd_events(odd)
    odd_events(world)
    from shared.writemodel.clients.update_profile import UpdateProfile, update_profile
    update_profile(app, UpdateProfile(client_id=world.client, changes={"notes": "again"}),
                   world.ctx(idempotency_key="retry-1"))  # an internal record, never published
    return list(app.recorder.select_notifications(start=1, limit=10_000))


def test_every_event_type_maps_to_the_same_bytes_without_revalidating(
    app: SpotterApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifications = stored_world(app)
    expected = [validating_record(app, n) for n in notifications]

    def refuse(*_: object) -> None:
        raise AssertionError("the fast path gave up on an ordinary stored event")

    monkeypatch.setattr(WireEncoder, "validated", refuse)
    encoder = WireEncoder(app.mapper)
    fast = [encoder(n) for n in notifications]
    published = [r for r in expected if r is not None]
    types = {json.loads(r.value)["type"] for r in published}
    assert types == set(EVENT_MODELS)
    assert len(published) < len(notifications)  # internal records in between, skipped by both
    for n, want, got in zip(notifications, expected, fast, strict=True):
        assert got == want, f"notification {n.id} ({n.topic})"
    odd = [r for r in published if b"+05:30" in r.value]
    assert odd and all(b"\\u0001" in r.value and "ü".encode() in r.value for r in odd)


def test_secrets_never_reach_the_wire(app: SpotterApplication) -> None:
    encoder = WireEncoder(app.mapper)
    records = [r for n in stored_world(app) if (r := encoder(n)) is not None]
    issued = [r for r in records if b'"api_key.issued"' in r.value]
    assert issued and all(b"secret" not in r.value and b"sha256$" not in r.value
                          for r in records)


def rewrite(n: Notification, change: Any) -> Notification:
    state = json.loads(n.state)
    change(state)
    return Notification(id=n.id, originator_id=n.originator_id,
                        originator_version=n.originator_version, topic=n.topic,
                        state=json.dumps(state).encode())


def test_what_the_shortcut_cannot_vouch_for_takes_the_validating_path(
    app: SpotterApplication,
) -> None:
    notifications = stored_world(app)
    encoder = WireEncoder(app.mapper)
    registered = next(n for n in notifications if n.topic.endswith("Client.Registered"))

    def upper_org(state: dict[str, Any]) -> None:
        state["meta"]["organization_id"] = state["meta"]["organization_id"].upper()

    def old_event(state: dict[str, Any]) -> None:
        del state["notes"]  # as if recorded before the contract had the field

    # The metadata is not checked by the contract when recorded: a non-canonical id is.
    odd = rewrite(registered, upper_org)
    record = encoder(odd)
    assert record is not None and record == validating_record(app, odd)
    assert record == encoder(registered)  # validation canonicalised the id again
    with pytest.raises(AttributeError):  # the validating path's own failure, not a guess
        encoder(rewrite(registered, old_event))

    def bad_actor(state: dict[str, Any]) -> None:
        state["meta"]["actor_kind"] = "intruder"

    with pytest.raises(ValueError):  # the validating path's error, not a published record
        encoder(rewrite(registered, bad_actor))


def test_event_ids_equal_the_uuid5_of_outbound() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        aggregate = UUID(int=rng.getrandbits(128), version=4)
        version = rng.randint(1, 10**9)
        assert event_id_text(str(aggregate), version) == str(event_id_for(aggregate, version))


def test_unknown_offsets_are_refused_like_the_envelope_does(app: SpotterApplication) -> None:
    world = build_world(app)
    notifications = list(app.recorder.select_notifications(start=1, limit=100))
    naive = rewrite(notifications[0], lambda s: s.update(
        timestamp={"_type_": "datetime_iso", "_data_": datetime(2026, 1, 1).isoformat()}))
    with pytest.raises(ValueError):
        WireEncoder(world.app.mapper)(naive)
