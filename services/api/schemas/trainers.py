"""Trainer bodies: registration, methodology, the trainer view."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from services.api.schemas.common import RequestBody, ResponseBody
from shared.events.shapes import Methodology


class TrainerCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@]+@[^@]+$")
    methodology: Methodology = Methodology()


class TrainerCreated(ResponseBody):
    id: UUID
    api_key: str | None = Field(description="Shown once; null on an idempotent replay")
    key_id: UUID
    version: int


class MethodologyUpdated(ResponseBody):
    id: UUID
    methodology_version: int
    version: int


class TrainerView(ResponseBody):
    id: UUID
    name: str
    email: str
    methodology: Methodology
    methodology_version: int
    version: int
