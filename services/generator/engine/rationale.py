"""The rationale lines that explain today's context before any exercise is chosen."""

from __future__ import annotations

from .context import BEGINNER_MAX_RPE, SessionContext
from .repranges import BEGINNER_MIN_REPS


def context_rationale(ctx: SessionContext, focus: str) -> None:
    b, r = ctx.block, ctx.rationale
    r.append(f"Roadmap: {b.get('name', ctx.kind)} ({ctx.kind.replace('_', ' ')}), week {ctx.week}"
             f" of {b.get('weeks', '?')}: {ctx.rep_range[0]}-{ctx.rep_range[1]} reps, "
             f"target RPE {ctx.rpe:g}")
    r.append(f"Focus: {focus}" + ("" if ctx.today.focus else " (balances the week so far)"))
    if ctx.deload:
        r.append(f"Deload week (roadmap): sets -{ctx.methodology.deload_volume_reduction_pct} %, "
                 f"loads at {ctx.methodology.deload_load_pct} % of working loads, 4+ reps in reserve")
    if ctx.client.experience == "beginner" and (ctx.rep_range[0] < BEGINNER_MIN_REPS
                                                 or ctx.rpe >= BEGINNER_MAX_RPE):
        r.append(f"Beginner: at least {BEGINNER_MIN_REPS} reps a set, effort capped at RPE "
                 f"{BEGINNER_MAX_RPE:g}; no max-effort singles or percentage waves yet")
    if ctx.today.readiness is not None and ctx.today.readiness <= 2:
        r.append(f"Readiness {ctx.today.readiness}/5: one set fewer per exercise, loads down "
                 f"{15 if ctx.today.readiness == 1 else 10} % and target effort "
                 f"{1.5 if ctx.today.readiness == 1 else 1:g} RPE lower")
    last = ctx.history.last
    if last and ((last.feel or 5) <= 2 or (last.session_rpe or 0) >= 9):
        r.append(f"Last session felt hard (feel {last.feel}, session RPE {last.session_rpe}): "
                 "one set fewer per exercise")
    eq = sorted(ctx.cons.equipment)
    r.append("Equipment today: " + (", ".join(eq) if eq else "bodyweight only"))
    for lim in ctx.cons.limits.values():
        band = ("modify (less load, slower tempo), monitor" if lim.severity <= 3 else
                "substitute exercises that load it directly" if lim.severity <= 6 else
                "do not load the region today; recommend the client sees a clinician")
        side = ""
        if lim.side in ("left", "right") and lim.severity >= 4:
            where = f"{lim.side} {lim.region.replace('_', ' ')}"
            side = (f"; bilateral lifts load the {lim.side} side too, so they are judged as if "
                    f"every set loads the {where}; " + (
                        "one-sided work may train the other side only (client preference)"
                        if ctx.cons.healthy_side else
                        "one-sided work is substituted too, unless the trainer allows "
                        "healthy-side work"))
        r.append(f"{lim.source.capitalize()}: {band}{side}")
