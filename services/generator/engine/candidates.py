"""For the LLM mode: what is safe and available today, and a checker for any plan against it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .duration import plan_minutes
from .eligibility import Constraints
from .history import History, RoadmapPosition
from .inputs import ClientState, Methodology, Today
from .week import items_push_pull, push_pull, week_pattern_sets

SECTIONS = ("warmup", "main", "finisher")
DELOAD_FLOOR = 0.4  # a deload keeps at least this share of the requested time
ITEM_KEYS = ("exercise_id", "name", "pattern", "equipment", "block", "sets", "reps", "duration_s",
             "load_kg", "percent_1rm", "effort", "rest_s", "tempo", "cues")


def allowed_candidates(methodology: Methodology, client: ClientState, today: Today, library: Any,
                       history: History | None = None) -> dict[str, list[Any]]:
    """Exercises the engine considers safe and available today, grouped by pattern."""
    cons = Constraints.build(methodology, client, today, history)
    out: dict[str, list[Any]] = {}
    for ex in library.all():
        if cons.verdict(ex).allowed:
            out.setdefault(ex.pattern, []).append(ex)
    return out


@dataclass(frozen=True)
class PlanContext:
    methodology: Methodology
    client: ClientState
    today: Today
    library: Any
    history: History = field(default_factory=History)
    # A deload week's plan ends early by design; without a position the full length is expected.
    roadmap_position: RoadmapPosition | None = None


def _item_problems(where: str, it: Mapping[str, Any], ctx: PlanContext, cons: Constraints,
                   ramp_ids: set[str]) -> list[str]:
    missing = [k for k in ITEM_KEYS if k not in it]
    if missing:
        return [f"{where}: missing fields {', '.join(missing)}"]
    ex_id = it["exercise_id"]
    if ex_id not in ctx.library:
        return [f"{where}: unknown exercise id {ex_id!r}"]
    ex = ctx.library.get(ex_id)
    out: list[str] = []
    if not isinstance(it["sets"], int) or it["sets"] < 1:
        out.append(f"{where} {ex_id}: sets must be a positive integer")
    if not it["reps"] and not it["duration_s"]:
        out.append(f"{where} {ex_id}: needs reps or duration_s")
    if len(it["cues"] or ()) < 2:
        out.append(f"{where} {ex_id}: fewer than two cues")
    scale = (it["effort"] or {}).get("scale")
    if scale != ctx.methodology.effort_scale and not (
            scale == "rpe" and ctx.methodology.effort_scale == "percent_1rm"
            and (ex.load_type in ("bodyweight", "band", "time") or ex.reps is None)):
        out.append(f"{where} {ex_id}: effort scale {scale!r}, methodology uses "
                   f"{ctx.methodology.effort_scale!r}")
    static = cons.static_reason(ex)
    if static:
        out.append(f"{where} {ex_id}: {static}")
    v = cons.verdict(ex, allow_pained=where == "warmup" and ex_id in ramp_ids)
    if not static and not v.allowed:
        out.append(f"{where} {ex_id}: contraindicated ({v.reason})")
    return out


def _duration_problems(plan: Mapping[str, Any], context: PlanContext) -> list[str]:
    """Within 10 % of the request; a deload may end early, down to DELOAD_FLOOR of it."""
    lib = context.library
    requested = context.today.duration_min
    deload = context.roadmap_position is not None and context.roadmap_position.deload
    lo = requested * (DELOAD_FLOOR if deload else 0.90)
    hi = requested * 1.10
    what = f"between {lo:.0f} and {hi:.0f} min (deload week)" if deload else \
        f"within 10 % of {requested}"
    minutes = plan_minutes(plan, lambda i: lib.get(i).laterality if i in lib else "bilateral")
    out: list[str] = []
    if not lo <= minutes <= hi:
        out.append(f"duration: work, rest and transitions add up to {minutes:.0f} min, "
                   f"requested {requested}; should be {what}")
    declared = plan.get("estimated_duration_min")
    if not isinstance(declared, (int, float)) or not lo <= declared <= hi:
        out.append(f"duration: estimated_duration_min {declared} is not {what}")
    return out


def check_plan(plan: Mapping[str, Any], context: PlanContext) -> list[str]:
    """Every violated constraint of a plan dict (the contract's shape), as readable sentences."""
    cons = Constraints.build(context.methodology, context.client, context.today, context.history)
    problems: list[str] = []
    main_ids = {it.get("exercise_id") for it in plan.get("main") or ()}
    for section in SECTIONS:
        if not isinstance(plan.get(section), list):
            problems.append(f"plan.{section} must be a list")
            continue
        for it in plan[section]:
            problems += _item_problems(section, it, context, cons, main_ids)
    if problems:
        return problems
    lib = context.library
    problems += _duration_problems(plan, context)
    last = context.history.last
    on = context.today.date or (last.date + dt.timedelta(days=1) if last else None)
    wk_push, wk_pull = push_pull(week_pattern_sets(context.history, on, lib)) if on else (0, 0)
    push, pull = items_push_pull(list(plan["main"]) + list(plan["finisher"]))
    if push and wk_push + push > wk_pull + pull:
        problems.append(f"balance: pushing {wk_push + push} sets vs pulling {wk_pull + pull} over "
                        "the week including today")
    return problems
