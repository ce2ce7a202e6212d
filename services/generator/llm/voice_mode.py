"""``hybrid`` mode: the engine assembles; the LLM only rewrites cues and adds a session note.

The LLM's answer carries cues and a note and nothing else (the schema forbids other fields);
they are copied onto the engine's items by exercise id, and the result is checked to differ from
the engine's plan only in cues and the note before it is accepted.
"""

from __future__ import annotations

import copy
from typing import Any

import structlog

from services.generator.adapters.ports import EnginePort
from services.generator.llm.client import LlmCall, LlmClient
from services.generator.llm.draft_checks import parse_json_answer
from services.generator.llm.prompts import repair_messages, voice_messages
from services.generator.llm.sanitize import clean_cues, clean_note
from services.generator.llm.schema import SessionVoice, response_format
from services.generator.outcomes import Generated, GenerationRequest, Referred

log = structlog.get_logger(__name__)

PARTS = ("warmup", "main", "finisher")
NOTE_PREFIX = "Coach's note: "


def _items(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for part in PARTS for i in plan.get(part) or []]


def only_voice_changed(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """True when exercises, order, sets, reps, loads and everything else but cues are equal."""
    def frozen(plan: dict[str, Any]) -> list[Any]:
        return [[{k: v for k, v in i.items() if k != "cues"} for i in plan.get(p) or []]
                for p in PARTS]
    return frozen(before) == frozen(after)


def apply_voice(plan: dict[str, Any], voice: SessionVoice) -> tuple[dict[str, Any], list[str], int]:
    """The plan with the new cues and note, the errors found, and how many cues were dropped."""
    ids = {i["exercise_id"] for i in _items(plan)}
    errors = [f"'{r.exercise_id}' is not an exercise of this session"
              for r in voice.items if r.exercise_id not in ids]
    new = copy.deepcopy(plan)
    rewrites = {r.exercise_id: r.cues for r in voice.items if r.exercise_id in ids}
    dropped = 0
    for item in _items(new):
        if item["exercise_id"] in rewrites:
            cues, lost = clean_cues(rewrites[item["exercise_id"]])
            dropped += lost
            # Fewer than two usable cues left: the engine's cues are the better set.
            item["cues"] = cues if len(cues) >= 2 else item["cues"]
    return new, errors, dropped


def run_hybrid_mode(request: GenerationRequest, engine: EnginePort,
                    llm: LlmClient | None) -> Generated | Referred:
    base = engine.assemble(request)
    if isinstance(base, Referred):
        return base
    calls: list[LlmCall] = []

    def keep_engine(why: str) -> Generated:
        plan = {**base, "rationale": [*base.get("rationale", []), why]}
        return Generated(plan, tuple(c.to_dict() for c in calls), request.history_complete)

    if llm is None:
        return keep_engine("Hybrid mode requested but no model is configured; engine cues kept")
    messages = voice_messages(request, base)
    fmt = response_format(SessionVoice)
    for attempt in range(2):
        reply = llm.complete(messages, fmt)
        if reply.content is None:
            calls.append(reply.call)
            return keep_engine(f"The language model was unavailable ({reply.call.outcome}); "
                               "engine cues kept")
        voice, errors = parse_json_answer(reply.content, SessionVoice)
        if voice is not None:
            plan, errors, dropped = apply_voice(base, voice)
            if not errors and not only_voice_changed(base, plan):
                errors = ["the session's exercises, sets or loads changed"]
            if not errors:
                calls.append(reply.call.with_outcome("ok"))
                note = clean_note(voice.session_note)
                plan["generator"] = {**base["generator"], "mode": "hybrid", "model": llm.model}
                # The plan contract has no note field: the note leads the rationale.
                lines = [f"{NOTE_PREFIX}{note}"] if note else []
                lines += plan.get("rationale", [])
                if dropped:
                    lines.append(f"{dropped} cue(s) from the language model were removed as "
                                 "unsafe text")
                plan["rationale"] = lines
                return Generated(plan, tuple(c.to_dict() for c in calls),
                                 request.history_complete)
        calls.append(reply.call.with_outcome("invalid"))
        log.info("llm_voice_rejected", attempt=attempt, errors=errors[:5])
        messages = repair_messages(messages, reply.content, errors)
    return keep_engine("The language model's cue rewrite failed validation twice; "
                       "engine cues kept")
