"""Pick the generator mode for a request and run it: the trainer's choice, else the default."""

from __future__ import annotations

import structlog

from services.generator.adapters.ports import EnginePort
from services.generator.llm.client import LlmClient
from services.generator.llm.session_mode import run_llm_mode
from services.generator.llm.voice_mode import run_hybrid_mode
from services.generator.outcomes import (
    Generated,
    GenerationFailed,
    GenerationRequest,
    Outcome,
    Referred,
)

log = structlog.get_logger(__name__)

MODES = ("engine", "llm", "hybrid")


def chosen_mode(request: GenerationRequest, default_mode: str) -> str:
    mode = request.methodology.get("generator_mode") or default_mode
    return mode if mode in MODES else default_mode


def run_engine_mode(request: GenerationRequest, engine: EnginePort) -> Generated | Referred:
    result = engine.assemble(request)
    if isinstance(result, Referred):
        return result
    return Generated(result, (), request.history_complete)


NOTHING_FITS = ("No exercise fits today's equipment, injuries and pain flags together; add "
                "equipment for today or review the client's restrictions, then request again")


def generate(request: GenerationRequest, engine: EnginePort, llm: LlmClient | None,
             default_mode: str = "engine") -> Outcome:
    mode = chosen_mode(request, default_mode)
    log.debug("generating", mode=mode, session_id=request.session_id)
    if mode == "llm":
        outcome = run_llm_mode(request, engine, llm)
    elif mode == "hybrid":
        outcome = run_hybrid_mode(request, engine, llm)
    else:
        outcome = run_engine_mode(request, engine)
    if isinstance(outcome, Generated) and not outcome.plan.get("main"):
        return GenerationFailed(NOTHING_FITS, retryable=False)
    return outcome
