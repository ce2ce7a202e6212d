"""The envelope: the JSON value of every Kafka message (docs/event-catalogue.md)."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.events.base import EventPayload
from shared.events.registry import model_for
from shared.events.upcasting import upcast
from shared.events.vocabulary import ActorKind

AggregateType = Literal["organization", "api_key", "trainer", "client", "session"]
CONTENT_TYPE = "application/json"


class Actor(BaseModel):
    """Who caused the event: a key's role and id, or a service/system name."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: ActorKind
    id: str = Field(min_length=1)


class Envelope(BaseModel):
    # Consumers ignore envelope fields they do not know yet: adding one must not send every
    # message to an older consumer's dead-letter topic. Payloads stay strict (versioned).
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID
    type: str
    schema_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    organization_id: UUID
    actor: Actor
    aggregate_type: AggregateType
    aggregate_id: UUID
    aggregate_version: int = Field(ge=1)
    client_id: UUID | None = None
    correlation_id: str
    causation_id: str | None = None
    position: int = Field(ge=1)
    payload: dict[str, Any]

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_json_bytes(cls, data: bytes | str) -> Envelope:
        return cls.model_validate_json(data)

    def headers(self) -> list[tuple[str, bytes]]:
        """Kafka headers of the message carrying this envelope."""
        return [
            ("event_type", self.type.encode()),
            ("schema_version", str(self.schema_version).encode()),
            ("event_id", str(self.event_id).encode()),
            ("correlation_id", self.correlation_id.encode()),
            ("position", str(self.position).encode()),
            ("content_type", CONTENT_TYPE.encode()),
        ]

    def current_payload(self) -> EventPayload:
        """The payload upcast to the current version and validated by its model.

        Raises UnknownEventType / UnsupportedSchemaVersion (catch EventContractError to skip).
        """
        _, payload = upcast(self.type, self.schema_version, self.payload)
        return model_for(self.type).model_validate(payload)

