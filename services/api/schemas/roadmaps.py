"""Roadmap bodies."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from services.api.schemas.common import RequestBody, ResponseBody


class RoadmapGenerate(RequestBody):
    starts_on: date | None = None
    reason: str = Field(default="initial roadmap", max_length=1000)


class RoadmapView(ResponseBody):
    roadmap_id: UUID
    blocks: list[dict[str, Any]]
    version: int
