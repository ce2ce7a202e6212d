"""API-key bodies (the secret appears once, in the issue response)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from services.api.schemas.common import RequestBody, ResponseBody
from shared.events.vocabulary import Role


class TrainerKeyIssue(RequestBody):
    role: Literal["trainer"]
    trainer_id: UUID
    label: str | None = Field(default=None, max_length=200)


class OrganizationKeyIssue(RequestBody):
    """Admin, analyst and service keys act for the whole organization: no trainer."""

    role: Literal["admin", "analyst", "service"]
    trainer_id: None = None
    label: str | None = Field(default=None, max_length=200)


KeyIssue = Annotated[TrainerKeyIssue | OrganizationKeyIssue, Field(discriminator="role")]


class KeyIssued(ResponseBody):
    key_id: UUID
    api_key: str | None = Field(description="Shown once; null on an idempotent replay")
    role: Role
    trainer_id: UUID | None = None


class KeyRevoke(RequestBody):
    reason: str | None = Field(default=None, max_length=1000)
