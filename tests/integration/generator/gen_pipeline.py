"""A small real pipeline around the generator worker for integration tests.

The write model seeded through its commands, a test relay (notification log → Kafka, with the
contract's routing and headers) and a test projection (the projector's own apply_batch into the
read models), on the infrastructure of gen_infra.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import psycopg
from kafka import KafkaProducer

from services.projector.apply import Message, apply_batch
from services.projector.settings import LIVE_SCHEMA
from shared.events import topics
from shared.events.envelope import Actor, Envelope
from shared.writemodel.clients.register_client import RegisterClient, register_client
from shared.writemodel.context import CommandContext
from shared.writemodel.organizations.create_organization import (
    CreateOrganization,
    create_organization,
)
from shared.writemodel.outbound import envelope_from_notification, route
from shared.writemodel.sessions.request_session import RequestSession, request_session
from shared.writemodel.store import open_application
from shared.writemodel.trainers.register_trainer import RegisterTrainer, register_trainer
from tests.integration.generator.gen_infra import KAFKA, TestDatabase, TestTopics


def command_context(org_id: uuid.UUID) -> CommandContext:
    return CommandContext(organization_id=org_id, actor=Actor(kind="admin", id="test"),
                          correlation_id=f"req-{uuid.uuid4().hex[:8]}",
                          now=dt.datetime.now(dt.timezone.utc))


@dataclass
class Pipeline:
    db: TestDatabase
    topics: TestTopics
    app: Any = None
    producer: KafkaProducer | None = None
    sent_position: int = 0
    projected_position: int = 0
    envelopes: list[Envelope] = field(default_factory=list)
    trainer_of: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def open(self) -> Pipeline:
        self.app = open_application(self.db.app_dsn, create_table=False)
        # The database is shared by a module's tests: relay only what this test writes.
        self.sent_position = self.app.recorder.max_notification_id() or 0
        self.producer = KafkaProducer(bootstrap_servers=KAFKA, enable_idempotence=True,
                                      acks="all", linger_ms=0)
        return self

    def close(self) -> None:
        if self.producer:
            self.producer.close(timeout=5)
        if self.app:
            self.app.close()

    def seed_client(self, methodology: dict[str, Any] | None = None) -> tuple[uuid.UUID, uuid.UUID]:
        org_id = uuid.uuid4()
        create_organization(self.app, CreateOrganization(
            organization_id=org_id, name="Gym", admin_key_id=uuid.uuid4(),
            admin_key_secret=secrets.token_hex(8), admin_key_salt="salt"), command_context(org_id))
        trainer_id, client_id = uuid.uuid4(), uuid.uuid4()
        register_trainer(self.app, RegisterTrainer(
            trainer_id=trainer_id, name="Tess", email="tess@example.com",
            methodology=methodology), command_context(org_id))
        register_client(self.app, RegisterClient(
            client_id=client_id, name="Cam", trainer_id=trainer_id, experience="intermediate",
            goals=[{"goal": "strength", "priority": 1}], sessions_per_week=3),
            command_context(org_id))
        self.trainer_of[client_id] = trainer_id
        return org_id, client_id

    def request(self, org_id: uuid.UUID, client_id: uuid.UUID, **kw: Any) -> uuid.UUID:
        session_id = uuid.uuid4()
        fields: dict[str, Any] = dict(duration_min=45, equipment=["kettlebell", "dumbbell", "box"])
        fields.update(kw)
        request_session(self.app, RequestSession(client_id=client_id, session_id=session_id,
                                                 **fields), command_context(org_id))
        return session_id

    def new_envelopes(self) -> list[Envelope]:
        rows = self.app.recorder.select_notifications(self.sent_position + 1, 1000)
        found = [e for n in rows if (e := envelope_from_notification(self.app, n)) is not None]
        if rows:
            self.sent_position = rows[-1].id
        self.envelopes += found
        return found

    def publish(self, envelopes: list[Envelope]) -> None:
        """The relay's job: every event to its topic, keyed, with the contract's headers."""
        for env in envelopes:
            topic, key = route(env)
            self.producer.send(topics.topic_name(self.topics.prefix, topic), key=key.encode(),
                               value=env.to_json_bytes(), headers=env.headers())
        self.producer.flush(timeout=10)

    def project(self, envelopes: list[Envelope]) -> None:
        """The projector's job, through its own apply_batch."""
        msgs = [Message("relay", 0, env.position, env.to_json_bytes()) for env in envelopes]
        with psycopg.connect(self.db.app_dsn) as conn:
            apply_batch(conn, LIVE_SCHEMA, msgs)

    def sync(self, project: bool = True) -> list[Envelope]:
        found = self.new_envelopes()
        if project:
            self.project(found)
        self.publish(found)
        return found

    def session_events(self, session_id: uuid.UUID) -> list[Envelope]:
        self.new_envelopes()
        return [e for e in self.envelopes if e.aggregate_id == session_id]

    def wait_for_result(self, session_id: uuid.UUID, timeout_s: float = 20) -> list[Envelope]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            events = self.session_events(session_id)
            if len(events) > 1:
                return events
            time.sleep(0.02)
        raise AssertionError(f"no result for session {session_id} within {timeout_s}s")
