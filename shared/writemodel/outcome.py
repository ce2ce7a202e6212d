"""What a command returns: the aggregate's id and new version, plus use-case fields (JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Outcome:
    aggregate_id: UUID
    version: int
    extra: dict[str, Any] = field(default_factory=dict)
    replayed: bool = False  # True when an idempotent retry returned the stored response

    def to_json(self) -> dict[str, Any]:
        return {"aggregate_id": str(self.aggregate_id), "version": self.version, **self.extra}

    @classmethod
    def from_json(cls, data: dict[str, Any], *, replayed: bool = False) -> Outcome:
        rest = {k: v for k, v in data.items() if k not in ("aggregate_id", "version")}
        return cls(UUID(data["aggregate_id"]), int(data["version"]), rest, replayed)
