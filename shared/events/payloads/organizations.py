"""Payloads of ``organization.*`` and ``api_key.*`` events."""

from __future__ import annotations

from uuid import UUID

from shared.events.base import EventPayload
from shared.events.vocabulary import Role, Unit


class OrganizationCreated(EventPayload):
    event_type = "organization.created"
    aggregate_type = "organization"
    name: str
    unit: Unit = "kg"


class ApiKeyIssued(EventPayload):
    """Never carries the secret nor its hash."""

    event_type = "api_key.issued"
    aggregate_type = "api_key"
    key_id: UUID
    role: Role
    trainer_id: UUID | None = None
    label: str | None = None


class ApiKeyRevoked(EventPayload):
    event_type = "api_key.revoked"
    aggregate_type = "api_key"
    key_id: UUID
    reason: str | None = None
