"""Upcasters: pure dict → dict steps that bring an old payload to the current schema version.

One step per (wire name, from_version); ``upcast`` chains them. Every step has golden JSON of
the old version under tests/unit/events/golden/.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from shared.events.errors import UnsupportedSchemaVersion
from shared.events.registry import current_version

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]


def _injury_reported_v1_to_v2(payload: Payload) -> Payload:
    # v2 records how the injury started; nobody knew for v1 reports.
    return {**payload, "onset": "unknown"}


UPCASTERS: Mapping[tuple[str, int], Upcaster] = MappingProxyType(
    {
        ("client.injury_reported", 1): _injury_reported_v1_to_v2,
    }
)


def upcast(event_type: str, version: int, payload: Payload) -> tuple[int, Payload]:
    """Return ``(current_version, payload)``; raises UnknownEventType/UnsupportedSchemaVersion."""
    current = current_version(event_type)
    if version > current or version < 1:
        raise UnsupportedSchemaVersion(event_type, version, current)
    while version < current:
        step = UPCASTERS.get((event_type, version))
        if step is None:
            raise UnsupportedSchemaVersion(event_type, version, current)
        payload = step(dict(payload))
        version += 1
    return version, payload


def old_versions() -> tuple[tuple[str, int], ...]:
    """Every (wire name, version) that an upcaster starts from."""
    return tuple(sorted(UPCASTERS))
