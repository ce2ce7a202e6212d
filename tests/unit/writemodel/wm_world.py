"""A small world for write-model tests: one organization, trainer and client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from shared.events.envelope import Actor
from shared.events.examples import METHODOLOGY
from shared.writemodel.application import SpotterApplication
from shared.writemodel.clients.register_client import RegisterClient, register_client
from shared.writemodel.context import CommandContext
from shared.writemodel.organizations.create_organization import (
    CreateOrganization,
    create_organization,
)
from shared.writemodel.trainers.register_trainer import RegisterTrainer, register_trainer

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@dataclass
class World:
    app: SpotterApplication
    org: UUID
    trainer: UUID
    client: UUID
    clock: list[datetime]

    def ctx(self, **overrides: Any) -> CommandContext:
        self.clock[0] += timedelta(seconds=1)
        fields: dict[str, Any] = {
            "organization_id": self.org, "actor": Actor(kind="admin", id="key-1"),
            "correlation_id": "req-1", "now": self.clock[0],
        }
        return CommandContext(**{**fields, **overrides})


def build_world(app: SpotterApplication) -> World:
    org = uuid4()
    world = World(app=app, org=org, trainer=uuid4(), client=uuid4(), clock=[T0])
    create_organization(
        app,
        CreateOrganization(organization_id=org, name="North Gym", admin_key_id=uuid4(),
                           admin_key_secret="s3cret-token", admin_key_salt="salt"),
        world.ctx(),
    )
    register_trainer(
        app,
        RegisterTrainer(trainer_id=world.trainer, name="Ana", email="ana@example.com",
                        methodology=METHODOLOGY),
        world.ctx(),
    )
    register_client(
        app,
        RegisterClient(client_id=world.client, name="Bo", trainer_id=world.trainer,
                       goals=[{"goal": "strength", "priority": 1}], experience="beginner",
                       sessions_per_week=3),
        world.ctx(),
    )
    return world



def drive_every_event_type(world: World) -> None:
    """Run commands until every public event type has been recorded at least once."""
    from shared.events.examples import BLOCK, PLAN
    from shared.writemodel.clients import (
        report_injury, resolve_injury, set_equipment_profile, transfer_client, update_injury,
        update_profile,
    )
    from shared.writemodel.organizations import issue_api_key, revoke_api_key
    from shared.writemodel.roadmaps import adjust_roadmap, advance_block, generate_roadmap
    from shared.writemodel.sessions import (
        approve_session, cancel_session, edit_session, log_session, record_generated,
        record_generation_failed, refer_session, request_session,
    )
    from shared.writemodel.trainers import update_methodology

    app, c = world.app, world.client
    key = uuid4()
    issue_api_key.issue_api_key(app, issue_api_key.IssueApiKey(
        key_id=key, role="trainer", trainer_id=world.trainer, secret="t", salt="s"), world.ctx())
    revoke_api_key.revoke_api_key(app, revoke_api_key.RevokeApiKey(key_id=key), world.ctx())
    update_methodology.update_methodology(app, update_methodology.UpdateMethodology(
        trainer_id=world.trainer, methodology={**METHODOLOGY, "effort_scale": "rir"}),
        world.ctx())
    update_profile.update_profile(app, update_profile.UpdateProfile(
        client_id=c, changes={"notes": "prefers mornings"}), world.ctx())
    injury = uuid4()
    report_injury.report_injury(app, report_injury.ReportInjury(
        client_id=c, injury_id=injury, region="knee", severity=5), world.ctx())
    update_injury.update_injury(app, update_injury.UpdateInjury(
        client_id=c, injury_id=injury, severity=3), world.ctx())
    resolve_injury.resolve_injury(app, resolve_injury.ResolveInjury(
        client_id=c, injury_id=injury), world.ctx())
    set_equipment_profile.set_equipment_profile(app, set_equipment_profile.SetEquipmentProfile(
        client_id=c, profile_name="gym", items=["barbell", "rack"]), world.ctx())
    roadmap = uuid4()
    generate_roadmap.generate_roadmap(app, generate_roadmap.GenerateRoadmap(
        client_id=c, roadmap_id=roadmap, blocks=[BLOCK], starts_on=T0.date(), reason="new",
        engine_version="e1"), world.ctx())
    adjust_roadmap.adjust_roadmap(app, adjust_roadmap.AdjustRoadmap(
        client_id=c, roadmap_id=roadmap, blocks=[BLOCK, {**BLOCK, "index": 1}],
        from_block_index=1, reason="more time"), world.ctx())
    advance_block.advance_block(app, advance_block.AdvanceBlock(
        client_id=c, roadmap_id=roadmap, block_index=0, week=2, reason="week done"),
        world.ctx())
    sessions = [uuid4(), uuid4(), uuid4()]
    for s in sessions:
        request_session.request_session(app, request_session.RequestSession(
            client_id=c, session_id=s, duration_min=60, equipment_profile="gym"), world.ctx())
    gen = {"mode": "engine", "version": "e1", "model": None, "llm_calls": []}
    record_generated.record_generated(app, record_generated.RecordGenerated(
        session_id=sessions[0], plan=PLAN, generator=gen), world.ctx())
    edit_session.edit_session(app, edit_session.EditSession(
        session_id=sessions[0], plan=PLAN, note="less"), world.ctx())
    approve_session.approve_session(app, approve_session.ApproveSession(
        session_id=sessions[0]), world.ctx())
    log_session.log_session(app, log_session.LogSession(
        session_id=sessions[0], feel=4, session_rpe=7, performed_on=T0.date(),
        exercises=[{"exercise_id": "goblet_squat", "sets": [{"reps": 10, "load_kg": 24}]}]),
        world.ctx())
    record_generation_failed.record_generation_failed(
        app, record_generation_failed.RecordGenerationFailed(
            session_id=sessions[1], reason="nothing fits"), world.ctx())
    cancel_session.cancel_session(app, cancel_session.CancelSession(
        session_id=sessions[1]), world.ctx())
    refer_session.refer_session(app, refer_session.ReferSession(
        session_id=sessions[2], reason="chest pain", referral="see a physician"), world.ctx())
    colleague = uuid4()
    register_trainer(app, RegisterTrainer(trainer_id=colleague, name="Cy", email="c@x.io"),
                     world.ctx())
    transfer_client.transfer_client(app, transfer_client.TransferClient(
        client_id=c, to_trainer_id=colleague), world.ctx())
