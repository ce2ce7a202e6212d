"""The event contracts as the generator uses them (the only import of shared.events here)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from shared.events import topics
from shared.events.envelope import Envelope
from shared.events.shapes import Plan

SESSION_REQUESTED = "session.requested"


def decode(value: bytes) -> Envelope:
    """The envelope of a Kafka message value; raises ValueError when it is not one."""
    try:
        return Envelope.from_json_bytes(value)
    except ValidationError as exc:
        raise ValueError(f"not an event envelope: {exc.error_count()} error(s)") from exc


def plan_contract_errors(plan: dict[str, Any]) -> list[str]:
    """Where the plan breaks the public PLAN contract (empty: it does not)."""
    try:
        Plan.model_validate(plan)
    except ValidationError as exc:
        return [f"plan.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10]]
    return []


def requests_topic(prefix: str) -> str:
    return topics.topic_name(prefix, topics.CLIENTS)


def dead_letter_topic(prefix: str) -> str:
    return topics.topic_name(prefix, topics.DEAD_LETTER)
