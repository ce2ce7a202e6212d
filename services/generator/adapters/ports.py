"""The engine as the generator's modes see it; the real adapter and test fakes implement it."""

from __future__ import annotations

from typing import Any, Protocol

from services.generator.outcomes import GenerationRequest, Referred


class EnginePort(Protocol):
    version: str

    def assemble(self, request: GenerationRequest) -> dict[str, Any] | Referred:
        """The engine's plan (contract PLAN dict) or its referral."""
        ...

    def candidates(self, request: GenerationRequest) -> list[dict[str, Any]]:
        """Exercises allowed today, each {exercise_id, name, pattern, equipment, roles?, reps?,
        duration_s?, cues?}: the only ids an LLM may choose from."""
        ...

    def check(self, plan: dict[str, Any], request: GenerationRequest) -> list[str]:
        """Every constraint the plan violates (empty: it is safe to give to a client)."""
        ...
