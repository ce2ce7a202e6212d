"""Payloads of ``trainer.*`` events."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.shapes import Methodology


class TrainerRegistered(EventPayload):
    event_type = "trainer.registered"
    aggregate_type = "trainer"
    trainer_id: UUID
    name: str
    email: str
    methodology: Methodology
    methodology_version: int = Field(default=1, ge=1)


class MethodologyUpdated(EventPayload):
    event_type = "trainer.methodology_updated"
    aggregate_type = "trainer"
    methodology: Methodology
    methodology_version: int = Field(ge=1)
    reason: str | None = None
