"""What one generation produces, before it is recorded as an event, and what it starts from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a mode needs, as the contract's JSON shapes (the engine adapter converts)."""

    session_id: str
    client_id: str
    methodology: Mapping[str, Any]
    client: Mapping[str, Any]
    history: tuple[Mapping[str, Any], ...]
    roadmap_position: Mapping[str, Any] | None
    today: Mapping[str, Any]  # the session.requested payload
    date: dt.date
    seed: str  # the engine's seed; the session id, so a redelivery yields the same plan
    history_complete: bool = True


@dataclass(frozen=True)
class Generated:
    plan: dict[str, Any]
    llm_calls: tuple[dict[str, Any], ...] = ()
    history_complete: bool = True

    @property
    def generator(self) -> dict[str, Any]:
        """The event's ``generator`` object: the plan's plus every LLM call made."""
        return {**self.plan["generator"], "llm_calls": list(self.llm_calls)}


@dataclass(frozen=True)
class Referred:
    reason: str
    referral: str


@dataclass(frozen=True)
class GenerationFailed:
    reason: str  # a sentence a trainer can act on
    retryable: bool = False


Outcome = Generated | Referred | GenerationFailed

