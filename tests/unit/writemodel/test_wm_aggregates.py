"""Aggregates alone: pure decisions, events carry metadata and the caller's clock."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from shared.events.examples import BLOCK, METHODOLOGY, PLAN
from shared.writemodel.domain.api_key import ApiKey, hash_secret
from shared.writemodel.domain.base import EventMeta
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.errors import (
    AlreadyGenerated,
    ApiKeyRevoked,
    InjuryAlreadyResolved,
    InjuryNotFound,
    InvalidPayload,
    InvalidTransition,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
META = EventMeta(organization_id=str(uuid4()), actor_kind="trainer", actor_id="k",
                 correlation_id="c-1", causation_id="cause-1")


def new_client() -> Client:
    return Client.register(
        client_id=uuid4(), name="Bo", trainer_id=uuid4(), goals=[], experience="beginner",
        sessions_per_week=3, birth_year=None, notes=None, now=NOW, meta=META,
    )


def new_session() -> TrainingSession:
    return TrainingSession.request(
        session_id=uuid4(), client_id=uuid4(), trainer_id=uuid4(), duration_min=60,
        pain_flags=[], equipment_profile=None, equipment=["dumbbell"], focus=None,
        readiness=None, notes=None, client_version=1, methodology_version=1, now=NOW, meta=META,
    )


def test_events_use_the_callers_clock_and_carry_metadata() -> None:
    client = new_client()
    client.report_injury(injury_id=uuid4(), region="knee", side="left", severity=4,
                         status="active", description="", onset="sudden", now=NOW, meta=META)
    events = client.collect_events()
    assert [e.timestamp for e in events] == [NOW, NOW]
    assert all(e.meta["client_id"] == str(client.id) for e in events)
    assert events[1].meta["causation_id"] == "cause-1"


def test_severity_outside_0_10_never_becomes_an_event() -> None:
    client = new_client()
    with pytest.raises(InvalidPayload) as info:
        client.report_injury(injury_id=uuid4(), region="knee", side=None, severity=11,
                             status="active", description="", onset="unknown", now=NOW,
                             meta=META)
    assert "severity" in info.value.fields
    assert client.version == 1 and len(client.pending_events) == 1


def test_a_resolved_injury_cannot_be_resolved_or_updated_again() -> None:
    client, injury = new_client(), uuid4()
    client.report_injury(injury_id=injury, region="hip", side=None, severity=2,
                         status="active", description="", onset="unknown", now=NOW, meta=META)
    client.resolve_injury(injury_id=injury, note=None, now=NOW, meta=META)
    assert client.active_injuries == []
    with pytest.raises(InjuryAlreadyResolved):
        client.resolve_injury(injury_id=injury, note=None, now=NOW, meta=META)
    with pytest.raises(InjuryAlreadyResolved):
        client.update_injury(injury_id=injury, severity=1, status=None, description=None,
                             now=NOW, meta=META)
    with pytest.raises(InjuryNotFound):
        client.resolve_injury(injury_id=uuid4(), note=None, now=NOW, meta=META)


def test_session_lifecycle_and_its_refusals() -> None:
    session = new_session()
    with pytest.raises(InvalidTransition):
        session.log(exercises=[], pain_flags=[], feel=3, session_rpe=5, benchmarks=[],
                    notes=None, performed_on=NOW.date(), now=NOW, meta=META)
    session.record_generated(plan=PLAN, generator={"mode": "engine", "version": "1"},
                             history_complete=True, now=NOW, meta=META)
    with pytest.raises(AlreadyGenerated):
        session.record_generated(plan=PLAN, generator={"mode": "engine", "version": "1"},
                                 history_complete=True, now=NOW, meta=META)
    with pytest.raises(AlreadyGenerated):
        session.record_generation_failed(reason="x", retryable=True, now=NOW, meta=META)
    session.edit(plan=PLAN, note="lighter", now=NOW, meta=META)
    session.approve(note=None, now=NOW, meta=META)
    session.log(exercises=[], pain_flags=[], feel=3, session_rpe=5, benchmarks=[],
                notes=None, performed_on=NOW.date(), now=NOW, meta=META)
    assert session.status == "logged"
    with pytest.raises(InvalidTransition):
        session.cancel(reason=None, now=NOW, meta=META)
    events = session.collect_events()
    assert all(e.meta["client_id"] == session.client_id for e in events)
    assert all(e.session_id == str(session.id) for e in events)


def test_cancel_before_logged_and_not_twice() -> None:
    session = new_session()
    session.cancel(reason="sick", now=NOW, meta=META)
    with pytest.raises(InvalidTransition):
        session.cancel(reason="sick", now=NOW, meta=META)
    with pytest.raises(InvalidTransition):
        session.record_generated(plan=PLAN, generator={"mode": "engine", "version": "1"},
                                 history_complete=True, now=NOW, meta=META)


def test_methodology_versions_are_kept() -> None:
    trainer = Trainer.register(trainer_id=uuid4(), name="Ana", email="a@x.io",
                               methodology=METHODOLOGY, now=NOW, meta=META)
    trainer.update_methodology(methodology={**METHODOLOGY, "effort_scale": "rir"}, reason=None,
                               now=NOW, meta=META)
    assert trainer.methodology_version == 2
    assert trainer.methodology_at(1)["effort_scale"] == "rpe"
    assert trainer.methodology_at(2)["effort_scale"] == "rir"


def test_api_key_stores_only_a_salted_hash() -> None:
    key = ApiKey.issue(key_id=uuid4(), role="admin", trainer_id=None, label=None,
                       secret="tok-123", salt="abc", now=NOW, meta=META)
    issued = key.collect_events()[0]
    assert "tok-123" not in repr(vars(issued))
    assert issued.secret_hash == hash_secret("tok-123", "abc") != hash_secret("tok-123", "abd")
    assert key.verify("tok-123") and not key.verify("tok-124")
    key.revoke(reason=None, now=NOW, meta=META)
    assert not key.verify("tok-123")
    with pytest.raises(ApiKeyRevoked):
        key.revoke(reason=None, now=NOW, meta=META)


def test_roadmap_adjust_and_advance_need_the_current_roadmap() -> None:
    client, roadmap = new_client(), uuid4()
    with pytest.raises(InvalidTransition):
        client.advance_block(roadmap_id=roadmap, block_index=0, week=1, reason="", now=NOW,
                             meta=META)
    client.generate_roadmap(roadmap_id=roadmap, blocks=[BLOCK], starts_on=NOW.date(),
                            reason="new", engine_version="1", now=NOW, meta=META)
    client.advance_block(roadmap_id=roadmap, block_index=0, week=2, reason="", now=NOW,
                         meta=META)
    assert client.roadmap_position == {"block_index": 0, "week": 2}
    with pytest.raises(InvalidTransition):
        client.advance_block(roadmap_id=roadmap, block_index=0, week=9, reason="", now=NOW,
                             meta=META)
