"""``llm`` mode: the LLM assembles the session from the engine's allowed candidates.

The engine runs first: its referral stands (no model can talk a red flag away), its plan is the
load reference and the fallback. The draft must pass the schema, the draft checks and the
engine's own check; one repair round, then the engine's plan with the reason in the rationale.
"""

from __future__ import annotations

from typing import Any

import structlog

from services.generator.adapters.events import plan_contract_errors
from services.generator.adapters.ports import EnginePort
from services.generator.llm.client import LlmCall, LlmClient
from services.generator.llm.draft_checks import draft_to_plan, parse_json_answer
from services.generator.llm.prompts import repair_messages, session_messages
from services.generator.llm.schema import SessionDraft, response_format
from services.generator.outcomes import Generated, GenerationRequest, Referred

log = structlog.get_logger(__name__)

DURATION_SLACK_MIN = 5


def _validate(content: str | None, request: GenerationRequest, engine: EnginePort,
              candidates: list[dict[str, Any]], reference: dict[str, Any],
              generator: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    draft, errors = parse_json_answer(content, SessionDraft)
    if draft is None:
        return None, errors
    plan, errors = draft_to_plan(draft, candidates, reference, request.methodology, generator)
    limit = int(request.today.get("duration_min") or 60)
    if plan["estimated_duration_min"] > limit + DURATION_SLACK_MIN:
        errors.append(f"estimated_duration_min {plan['estimated_duration_min']} exceeds the "
                      f"{limit} minutes available today")
    errors += plan_contract_errors(plan) or _engine_check(engine, plan, request)
    return (None if errors else plan), errors


def _engine_check(engine: EnginePort, plan: dict[str, Any],
                  request: GenerationRequest) -> list[str]:
    try:
        return engine.check(plan, request)
    except Exception:  # a plan the checker cannot even read is not a plan to give a client
        log.exception("engine_check_failed")
        return ["the plan could not be checked against the engine's constraints"]


def fallback(reference: dict[str, Any], calls: list[LlmCall], why: str,
             history_complete: bool) -> Generated:
    plan = {**reference, "rationale": [*reference.get("rationale", []), why]}
    return Generated(plan, tuple(c.to_dict() for c in calls), history_complete)


def run_llm_mode(request: GenerationRequest, engine: EnginePort,
                 llm: LlmClient | None) -> Generated | Referred:
    reference = engine.assemble(request)
    if isinstance(reference, Referred):
        return reference
    calls: list[LlmCall] = []
    if llm is None:
        return fallback(reference, calls, "LLM mode requested but no model is configured; "
                        "the engine assembled this session", request.history_complete)
    candidates = engine.candidates(request)
    generator = {"mode": "llm", "version": engine.version, "model": llm.model}
    fmt = response_format(SessionDraft)
    messages = session_messages(request, candidates, reference)
    errors: list[str] = []
    for attempt in range(2):  # the first answer and one repair round
        reply = llm.complete(messages, fmt)
        if reply.content is None:
            calls.append(reply.call)
            log.warning("llm_mode_degraded", outcome=reply.call.outcome)
            return fallback(reference, calls, f"The language model was unavailable "
                            f"({reply.call.outcome}); the engine assembled this session",
                            request.history_complete)
        plan, errors = _validate(reply.content, request, engine, candidates, reference, generator)
        calls.append(reply.call.with_outcome("ok" if plan else "invalid"))
        if plan is not None:
            if attempt:
                plan["rationale"].append("The language model's first draft was corrected once")
            return Generated(plan, tuple(c.to_dict() for c in calls), request.history_complete)
        log.info("llm_draft_rejected", attempt=attempt, errors=errors[:5])
        messages = repair_messages(messages, reply.content, errors)
    # The errors quote model text, so only their number reaches the plan (the log has them).
    return fallback(reference, calls, f"The language model's plan failed validation twice "
                    f"({len(errors)} problem(s)); the engine assembled this session",
                    request.history_complete)
