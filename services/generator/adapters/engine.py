"""The real engine behind EnginePort: converts the contract's JSON shapes to engine inputs."""

from __future__ import annotations

from typing import Any

from services.generator.engine.assembly import assemble_session
from services.generator.engine.candidates import PlanContext, allowed_candidates, check_plan
from services.generator.engine.history import History, RoadmapPosition
from services.generator.engine.inputs import ClientState, Methodology, Today
from services.generator.engine.library import ExerciseLibrary, load_library
from services.generator.engine.plan import ENGINE_VERSION
from services.generator.engine.safety import Referral
from services.generator.outcomes import GenerationRequest, Referred


def _today(request: GenerationRequest) -> dict[str, Any]:
    return {**request.today, "date": request.date.isoformat()}


class EngineAdapter:
    version = ENGINE_VERSION

    def __init__(self, library: ExerciseLibrary | None = None) -> None:
        self.library = library or load_library()

    def assemble(self, request: GenerationRequest) -> dict[str, Any] | Referred:
        result = assemble_session(request.methodology, request.client, list(request.history),
                                  request.roadmap_position, _today(request), request.seed,
                                  self.library)
        if isinstance(result, Referral):
            return Referred(result.reason, result.referral)
        return result.to_dict()

    def _context(self, request: GenerationRequest) -> PlanContext:
        return PlanContext(Methodology.from_dict(request.methodology),
                           ClientState.from_dict(request.client),
                           Today.from_dict(_today(request)), self.library,
                           History.from_dict(list(request.history)),
                           # a deload week's plan is short by design: checks must know the week
                           RoadmapPosition.from_dict(request.roadmap_position))

    def candidates(self, request: GenerationRequest) -> list[dict[str, Any]]:
        ctx = self._context(request)
        grouped = allowed_candidates(ctx.methodology, ctx.client, ctx.today, self.library,
                                     ctx.history)
        return [{
            "exercise_id": ex.id, "name": ex.name, "pattern": ex.pattern,
            "equipment": list(ex.equipment), "roles": list(ex.roles),
            "reps": list(ex.reps) if ex.reps else None,
            "duration_s": list(ex.duration_s) if ex.duration_s else None,
            "laterality": ex.laterality, "cues": list(ex.cues[:3]),
        } for exercises in grouped.values() for ex in exercises]

    def check(self, plan: dict[str, Any], request: GenerationRequest) -> list[str]:
        return check_plan(plan, self._context(request))
