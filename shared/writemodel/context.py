"""What every command carries besides its own fields: who, when, which request, which version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.events.envelope import Actor
from shared.writemodel.domain.base import EventMeta


@dataclass(frozen=True, kw_only=True)
class CommandContext:
    organization_id: UUID
    actor: Actor
    correlation_id: str
    now: datetime
    causation_id: str | None = None
    expected_version: int | None = None
    idempotency_key: str | None = None

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("CommandContext.now must be timezone-aware (UTC)")

    def meta(self) -> EventMeta:
        return EventMeta(
            organization_id=str(self.organization_id), actor_kind=self.actor.kind,
            actor_id=self.actor.id, correlation_id=self.correlation_id,
            causation_id=self.causation_id,
        )
