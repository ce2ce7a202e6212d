"""Client bodies: registration, profile changes, injuries, equipment, transfer, views."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from services.api.schemas.common import RequestBody, ResponseBody
from shared.events.shapes import Goal
from shared.events.vocabulary import Equipment, Experience, InjuryStatus, Region, Side


class ClientCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    trainer_id: UUID
    goals: list[Goal] = Field(default_factory=list, max_length=8)
    experience: Experience
    sessions_per_week: int = Field(ge=1, le=14)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    notes: str | None = Field(default=None, max_length=4000)


class ClientPatch(RequestBody):
    """Only the fields present change."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    goals: list[Goal] | None = Field(default=None, max_length=8)
    experience: Experience | None = None
    sessions_per_week: int | None = Field(default=None, ge=1, le=14)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    notes: str | None = Field(default=None, max_length=4000)
    preferences: dict[str, str] | None = None


class InjuryCreate(RequestBody):
    region: Region
    side: Side | None = None
    severity: int = Field(ge=0, le=10)
    status: InjuryStatus = "active"
    description: str = Field(default="", max_length=4000)


class InjuryPatch(RequestBody):
    severity: int | None = Field(default=None, ge=0, le=10)
    status: InjuryStatus | None = None
    description: str | None = Field(default=None, max_length=4000)


class InjuryResolve(RequestBody):
    note: str | None = Field(default=None, max_length=4000)


class InjuryCreated(ResponseBody):
    injury_id: UUID
    version: int


class EquipmentProfile(RequestBody):
    items: list[Equipment] = Field(max_length=64)


class Transfer(RequestBody):
    to_trainer_id: UUID
    reason: str | None = Field(default=None, max_length=1000)


class ClientView(ResponseBody):
    id: UUID
    name: str | None = None
    trainer_id: UUID
    version: int
    active_injuries: list[dict[str, Any]]
    equipment_profiles: dict[str, Any]
    roadmap_position: dict[str, Any] | None = None


class ClientList(ResponseBody):
    items: list[dict[str, Any]]
