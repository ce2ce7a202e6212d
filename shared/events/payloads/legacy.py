"""Superseded payload versions, kept to publish their schemas and to check golden JSON.

Never produced any more; consumers receive them only from old messages and upcast them.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from shared.events.base import EventPayload
from shared.events.vocabulary import InjuryStatus, Region, Side


class InjuryReportedV1(EventPayload):
    event_type = "client.injury_reported"
    schema_version = 1
    aggregate_type = "client"
    injury_id: UUID
    region: Region
    side: Side | None = None
    severity: int = Field(ge=0, le=10)
    status: InjuryStatus = "active"
    description: str = ""


LEGACY_MODELS: tuple[type[EventPayload], ...] = (InjuryReportedV1,)
