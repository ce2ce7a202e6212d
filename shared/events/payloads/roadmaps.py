"""Payloads of ``roadmap.*`` events (recorded on the client aggregate)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.shapes import Block


class RoadmapGenerated(EventPayload):
    event_type = "roadmap.generated"
    aggregate_type = "client"
    roadmap_id: UUID
    blocks: tuple[Block, ...] = Field(min_length=1)
    starts_on: date
    reason: str
    engine_version: str


class RoadmapAdjusted(EventPayload):
    event_type = "roadmap.adjusted"
    aggregate_type = "client"
    roadmap_id: UUID
    blocks: tuple[Block, ...] = Field(min_length=1)
    from_block_index: int = Field(ge=0)
    reason: str


class BlockAdvanced(EventPayload):
    event_type = "roadmap.block_advanced"
    aggregate_type = "client"
    roadmap_id: UUID
    block_index: int = Field(ge=0)
    week: int = Field(ge=1)
    reason: str
