"""Public event contracts: payload models, envelope, wire names, versions, upcasters, schemas.

Depends only on the standard library and pydantic; never imports a service.
"""

from shared.events.base import EventPayload
from shared.events.envelope import Actor, Envelope
from shared.events.errors import EventContractError, UnknownEventType, UnsupportedSchemaVersion
from shared.events.registry import EVENT_MODELS, current_version, model_for
from shared.events.upcasting import upcast

__all__ = [
    "EVENT_MODELS", "Actor", "Envelope", "EventContractError", "EventPayload",
    "UnknownEventType", "UnsupportedSchemaVersion", "current_version", "model_for", "upcast",
]
