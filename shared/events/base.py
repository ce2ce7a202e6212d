"""The base of every event payload: a frozen model with its wire name and schema version."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class EventPayload(BaseModel):
    """One public event's payload. ``event_type`` is the wire name, never a class path."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    aggregate_type: ClassVar[str]

    def to_payload(self) -> dict[str, Any]:
        """The JSON-ready payload dict (UUIDs, dates as strings)."""
        return self.model_dump(mode="json")
