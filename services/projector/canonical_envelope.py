"""A cheap parse for envelopes already in the model's canonical JSON form.

The envelope model (pydantic) costs about as much per message as the rest of the projector's
work; the relay writes every envelope in one form, which the model's own JSON parser (jiter,
without building the model) and a few exact checks can accept. Anything that is not plainly in that form (or that the model might refuse) answers None,
and the caller falls back to the model: this never accepts what the model would refuse, and
what it returns equals the model's JSON dump.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, get_args

from pydantic_core import from_json

from services.projector.uuids import CANONICAL
from shared.events.envelope import AggregateType
from shared.events.vocabulary import ActorKind

# UTC timestamps as the relay writes them; the model dumps them with "Z" and no zero fraction
_UTC = re.compile(r"[1-9]\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?(Z|\+00:00)\Z")
_ACTOR_KINDS = frozenset(get_args(ActorKind))
_AGGREGATE_TYPES = frozenset(get_args(AggregateType))


def _uuid(value: Any) -> str:
    if type(value) is not str or not CANONICAL.match(value):
        raise ValueError
    return value


def _positive_int(value: Any) -> int:
    if type(value) is not int or value < 1:
        raise ValueError
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError
    return value


def _utc(value: Any) -> str:
    match = _UTC.match(value) if type(value) is str else None
    if match is None:
        raise ValueError
    datetime.fromisoformat(value)  # the calendar check (raises ValueError)
    fraction, zone = match.group(1), match.group(2)
    if fraction == ".000000":
        return value[:19] + "Z"
    return value if zone == "Z" else value[: -len(zone)] + "Z"


def _actor(value: Any) -> dict[str, str]:
    if type(value) is not dict or value.keys() != {"kind", "id"}:
        raise ValueError
    kind, ident = value["kind"], value["id"]
    if kind not in _ACTOR_KINDS or type(ident) is not str or not ident:
        raise ValueError
    return {"kind": kind, "id": ident}


def parse(raw: bytes | str) -> dict[str, Any] | None:
    """The envelope as the model would dump it, or None when only the model can tell."""
    # non-finite numbers: the model's dump turns them into null (envelope.parse does that)
    if isinstance(raw, bytes):
        if b"NaN" in raw or b"Infinity" in raw:
            return None
    elif "NaN" in raw or "Infinity" in raw:
        return None
    try:
        d = from_json(raw)
        if type(d) is not dict:
            return None
        client_id, causation_id = d.get("client_id"), d.get("causation_id")
        payload = d["payload"]
        if type(payload) is not dict or d["aggregate_type"] not in _AGGREGATE_TYPES:
            return None
        return {
            "event_id": _uuid(d["event_id"]), "type": _text(d["type"]),
            "schema_version": _positive_int(d["schema_version"]),
            "occurred_at": _utc(d["occurred_at"]),
            "organization_id": _uuid(d["organization_id"]), "actor": _actor(d["actor"]),
            "aggregate_type": d["aggregate_type"], "aggregate_id": _uuid(d["aggregate_id"]),
            "aggregate_version": _positive_int(d["aggregate_version"]),
            "client_id": None if client_id is None else _uuid(client_id),
            "correlation_id": _text(d["correlation_id"]),
            "causation_id": None if causation_id is None else _text(causation_id),
            "position": _positive_int(d["position"]), "payload": payload,
        }
    except (ValueError, KeyError, TypeError):  # a JSON error is a ValueError
        return None
