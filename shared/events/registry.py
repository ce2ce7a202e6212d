"""Wire name → payload model, for every event of the catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from shared.events.base import EventPayload
from shared.events.errors import UnknownEventType
from shared.events.payloads import clients, organizations, roadmaps, sessions, trainers

_MODELS: tuple[type[EventPayload], ...] = (
    organizations.OrganizationCreated,
    organizations.ApiKeyIssued,
    organizations.ApiKeyRevoked,
    trainers.TrainerRegistered,
    trainers.MethodologyUpdated,
    clients.ClientRegistered,
    clients.ProfileUpdated,
    clients.InjuryReported,
    clients.InjuryUpdated,
    clients.InjuryResolved,
    clients.EquipmentProfileSet,
    clients.ClientTransferred,
    roadmaps.RoadmapGenerated,
    roadmaps.RoadmapAdjusted,
    roadmaps.BlockAdvanced,
    sessions.SessionRequested,
    sessions.SessionGenerated,
    sessions.SessionGenerationFailed,
    sessions.SessionReferred,
    sessions.SessionEdited,
    sessions.SessionApproved,
    sessions.SessionLogged,
    sessions.SessionCancelled,
)

EVENT_MODELS: Mapping[str, type[EventPayload]] = MappingProxyType(
    {m.event_type: m for m in _MODELS}
)
if len(EVENT_MODELS) != len(_MODELS):  # pragma: no cover - a duplicated wire name is a bug
    raise RuntimeError("duplicate event wire name in the registry")


def model_for(event_type: str) -> type[EventPayload]:
    try:
        return EVENT_MODELS[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def current_version(event_type: str) -> int:
    return model_for(event_type).schema_version
