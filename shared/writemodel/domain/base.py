"""The base aggregate: every event carries envelope metadata and a caller-supplied timestamp."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, ClassVar, Self
from uuid import UUID

from eventsourcing.domain import Aggregate
from pydantic import ValidationError

from shared.events.base import EventPayload
from shared.writemodel.errors import InvalidPayload


@dataclass(frozen=True)
class EventMeta:
    """What the envelope needs besides the payload; stored on every event as a plain dict."""

    organization_id: str
    actor_kind: str
    actor_id: str
    correlation_id: str
    causation_id: str | None = None
    client_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def for_client(self, client_id: UUID | str) -> EventMeta:
        return EventMeta(**{**self.as_dict(), "client_id": str(client_id)})


class SpotterAggregate(Aggregate):
    """Events are declared as nested classes with a ``CONTRACT`` (their public payload model)."""

    AGGREGATE_TYPE: ClassVar[str]

    class Event(Aggregate.Event):
        meta: dict[str, Any]
        CONTRACT: ClassVar[type[EventPayload] | None] = None

    class Created(Event, Aggregate.Created):
        pass

    # No class-level attribute annotations here: the library would turn them into __init__
    # parameters. State is set by each event's apply().

    @classmethod
    def _start(
        cls, event_class: type[Created], *, id: UUID, now: datetime, meta: EventMeta,
        **fields: Any,
    ) -> Self:
        return cls._create(
            event_class, id=id, timestamp=now, meta=meta.as_dict(), **validated(event_class, fields)
        )

    def _record(
        self, event_class: type[Event], *, now: datetime, meta: EventMeta, **fields: Any
    ) -> None:
        self.trigger_event(
            event_class, timestamp=now, meta=meta.as_dict(), **validated(event_class, fields)
        )


def validated(event_class: type[Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Validate fields with the event's public contract; store them in JSON mode.

    This is where a severity of 11 or an unknown region is refused: it never becomes an event.
    """
    contract = getattr(event_class, "CONTRACT", None)
    if contract is None:
        return fields
    public = {k: v for k, v in fields.items() if k in contract.model_fields}
    internal = {k: v for k, v in fields.items() if k not in contract.model_fields}
    try:
        return {**contract.model_validate(public).to_payload(), **internal}
    except ValidationError as exc:
        raise InvalidPayload(contract.event_type, exc) from None
