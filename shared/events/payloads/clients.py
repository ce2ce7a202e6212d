"""Payloads of ``client.*`` events."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.shapes import Goal, Shape
from shared.events.vocabulary import Equipment, Experience, InjuryStatus, Region, Side

Onset = Literal["sudden", "gradual", "unknown"]


class ClientRegistered(EventPayload):
    event_type = "client.registered"
    aggregate_type = "client"
    client_id: UUID
    name: str
    trainer_id: UUID
    goals: tuple[Goal, ...] = ()
    experience: Experience
    sessions_per_week: int = Field(ge=1, le=14)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    notes: str | None = None


class ProfileChanges(Shape):
    """The changed profile fields only; absent means unchanged."""

    name: str | None = None
    goals: tuple[Goal, ...] | None = None
    experience: Experience | None = None
    sessions_per_week: int | None = Field(default=None, ge=1, le=14)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    notes: str | None = None
    preferences: dict[str, str] | None = None


class ProfileUpdated(EventPayload):
    event_type = "client.profile_updated"
    aggregate_type = "client"
    changes: ProfileChanges

    def to_payload(self) -> dict[str, Any]:
        # Only the fields that changed travel: an absent field means "unchanged", so a null
        # must never stand in for one (consumers would blank the profile).
        return {"changes": self.changes.model_dump(mode="json", exclude_none=True)}


class InjuryReported(EventPayload):
    """Version 2 added ``onset`` (v1 payloads upcast with ``"unknown"``)."""

    event_type = "client.injury_reported"
    schema_version = 2
    aggregate_type = "client"
    injury_id: UUID
    region: Region
    side: Side | None = None
    severity: int = Field(ge=0, le=10)
    status: InjuryStatus = "active"
    description: str = ""
    onset: Onset = "unknown"


class InjuryUpdated(EventPayload):
    event_type = "client.injury_updated"
    aggregate_type = "client"
    injury_id: UUID
    severity: int | None = Field(default=None, ge=0, le=10)
    status: InjuryStatus | None = None
    description: str | None = None


class InjuryResolved(EventPayload):
    event_type = "client.injury_resolved"
    aggregate_type = "client"
    injury_id: UUID
    note: str | None = None


class EquipmentProfileSet(EventPayload):
    event_type = "client.equipment_profile_set"
    aggregate_type = "client"
    profile_name: str = Field(min_length=1, max_length=80)
    items: tuple[Equipment, ...]


class ClientTransferred(EventPayload):
    event_type = "client.transferred"
    aggregate_type = "client"
    from_trainer_id: UUID
    to_trainer_id: UUID
    reason: str | None = None
