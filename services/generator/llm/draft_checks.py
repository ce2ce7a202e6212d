"""Turn the LLM's session draft into a contract plan, collecting every reason to reject it.

Engine constraints (equipment, injuries and pain, banned list, duration) are checked afterwards
by the engine itself; here are the checks only an LLM answer needs: JSON, schema, ids from the
candidate list, doses, and loads no heavier than the engine would prescribe.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from pydantic import ValidationError

from services.generator.llm.sanitize import clean_cues, clean_note
from services.generator.llm.schema import DraftItem, SessionDraft

EFFORT_BOUNDS = {"rpe": (1.0, 10.0), "rir": (0.0, 10.0), "percent_1rm": (30.0, 100.0)}
LOAD_TOLERANCE = 1.05  # rounding to the next plate or bell may land a little above the engine


def parse_json_answer(content: str | None, model: type[Any]) -> tuple[Any | None, list[str]]:
    """The validated answer, or None and the errors to send back in a repair round."""
    if not content:
        return None, ["the answer was empty"]
    try:
        raw = json.loads(content)
    except json.JSONDecodeError as exc:
        return None, [f"the answer is not valid JSON ({exc.msg} at position {exc.pos})"]
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, [f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}"
                      for e in exc.errors()[:20]]


def reference_loads(reference: Mapping[str, Any]) -> dict[str, float]:
    loads: dict[str, float] = {}
    for part in ("warmup", "main", "finisher"):
        for item in reference.get(part) or []:
            if item.get("load_kg") is not None:
                loads[item["exercise_id"]] = float(item["load_kg"])
    return loads


def _item(draft: DraftItem, where: str, candidate: Mapping[str, Any] | None, scale: str,
          max_load: float | None, errors: list[str]) -> tuple[dict[str, Any], int]:
    if candidate is None:
        errors.append(f"{where}: '{draft.exercise_id}' is not one of the allowed candidates")
        candidate = {}
    if (draft.reps is None) == (draft.duration_s is None):
        errors.append(f"{where}: set exactly one of reps and duration_s")
    lo, hi = EFFORT_BOUNDS.get(scale, (0.0, 100.0))
    if not lo <= draft.effort <= hi:
        errors.append(f"{where}: effort {draft.effort} is outside {lo}-{hi} on the {scale} scale")
    load = draft.load_kg
    if load is not None and max_load is None:
        load = None  # no history to base a load on: the client works to the effort target
    elif load is not None and max_load is not None and load > max_load * LOAD_TOLERANCE:
        errors.append(f"{where}: load_kg {load} is above the {max_load} kg the history supports")
    cues, dropped = clean_cues(draft.cues)
    return {
        "exercise_id": draft.exercise_id, "name": candidate.get("name", draft.exercise_id),
        "pattern": candidate.get("pattern"), "equipment": list(candidate.get("equipment") or []),
        "block": draft.block, "sets": draft.sets, "reps": draft.reps,
        "duration_s": draft.duration_s, "load_kg": load,
        "percent_1rm": draft.effort if scale == "percent_1rm" else None,
        "effort": {"scale": scale, "value": draft.effort}, "rest_s": draft.rest_s,
        "tempo": draft.tempo,
        # Too few usable cues left after cleaning: the library's cues for the exercise instead.
        "cues": cues if len(cues) >= 2 else list(candidate.get("cues") or [])[:3],
    }, dropped


def draft_to_plan(draft: SessionDraft, candidates: list[dict[str, Any]],
                  reference: Mapping[str, Any], methodology: Mapping[str, Any],
                  generator: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    by_id = {c["exercise_id"]: c for c in candidates}
    loads = reference_loads(reference)
    scale = str(methodology.get("effort_scale") or "rpe")
    errors: list[str] = []
    dropped = 0
    plan: dict[str, Any] = {}
    for part in ("warmup", "main", "finisher"):
        plan[part] = []
        seen: set[str] = set()
        for n, d in enumerate(getattr(draft, part)):
            where = f"{part}[{n}] {d.exercise_id}"
            # Warm-up ramps repeat an exercise by design; the main work should not.
            if part == "main" and d.exercise_id in seen:
                errors.append(f"{where}: exercise appears twice in {part}")
            seen.add(d.exercise_id)
            item, lost = _item(d, where, by_id.get(d.exercise_id), scale,
                               loads.get(d.exercise_id), errors)
            plan[part].append(item)
            dropped += lost
    rationale = [line for line in (clean_note(r) for r in draft.rationale) if line]
    if dropped:
        rationale.append(f"{dropped} cue(s) from the language model were removed as unsafe text")
    plan["estimated_duration_min"] = draft.estimated_duration_min
    plan["rationale"] = rationale
    plan["generator"] = generator
    return plan, errors
