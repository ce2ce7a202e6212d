"""The client's roadmap (periodised blocks): its events and decisions, mixed into Client."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from shared.events.payloads import roadmaps as contract
from shared.writemodel.domain.base import EventMeta, SpotterAggregate
from shared.writemodel.errors import InvalidTransition


class RoadmapEvents:
    """Mixin for Client: the roadmap has no identity of its own outside the client's story."""

    class RoadmapGenerated(SpotterAggregate.Event):
        CONTRACT = contract.RoadmapGenerated
        roadmap_id: str
        blocks: list[dict[str, Any]]
        starts_on: str
        reason: str
        engine_version: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roadmap = {
                "roadmap_id": self.roadmap_id, "blocks": self.blocks,
                "starts_on": self.starts_on, "engine_version": self.engine_version,
            }
            aggregate.roadmap_position = {"block_index": 0, "week": 1}

    class RoadmapAdjusted(SpotterAggregate.Event):
        CONTRACT = contract.RoadmapAdjusted
        roadmap_id: str
        blocks: list[dict[str, Any]]
        from_block_index: int
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roadmap = {**aggregate.roadmap, "blocks": self.blocks}

    class BlockAdvanced(SpotterAggregate.Event):
        CONTRACT = contract.BlockAdvanced
        roadmap_id: str
        block_index: int
        week: int
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roadmap_position = {"block_index": self.block_index, "week": self.week}

    def _current_roadmap(self, roadmap_id: UUID) -> dict[str, Any]:
        roadmap: dict[str, Any] | None = getattr(self, "roadmap", None)
        if roadmap is None or roadmap["roadmap_id"] != str(roadmap_id):
            raise InvalidTransition(f"roadmap {roadmap_id} is not the client's current roadmap")
        return roadmap

    def generate_roadmap(
        self, *, roadmap_id: UUID, blocks: list[dict[str, Any]], starts_on: date, reason: str,
        engine_version: str, now: datetime, meta: EventMeta,
    ) -> None:
        self._record(  # type: ignore[attr-defined]
            self.RoadmapGenerated, now=now, meta=meta, roadmap_id=roadmap_id, blocks=blocks,
            starts_on=starts_on, reason=reason, engine_version=engine_version,
        )

    def adjust_roadmap(
        self, *, roadmap_id: UUID, blocks: list[dict[str, Any]], from_block_index: int,
        reason: str, now: datetime, meta: EventMeta,
    ) -> None:
        self._current_roadmap(roadmap_id)
        if from_block_index >= len(blocks):
            raise InvalidTransition("from_block_index is past the last block")
        self._record(  # type: ignore[attr-defined]
            self.RoadmapAdjusted, now=now, meta=meta, roadmap_id=roadmap_id, blocks=blocks,
            from_block_index=from_block_index, reason=reason,
        )

    def advance_block(
        self, *, roadmap_id: UUID, block_index: int, week: int, reason: str, now: datetime,
        meta: EventMeta,
    ) -> None:
        blocks = self._current_roadmap(roadmap_id)["blocks"]
        if not 0 <= block_index < len(blocks) or not 1 <= week <= blocks[block_index]["weeks"]:
            raise InvalidTransition(f"block {block_index} week {week} is not in the roadmap")
        self._record(  # type: ignore[attr-defined]
            self.BlockAdvanced, now=now, meta=meta, roadmap_id=roadmap_id,
            block_index=block_index, week=week, reason=reason,
        )
