"""assemble_session: methodology + client + history + roadmap position + today -> plan or referral."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .budget import fit_picks
from .context import SessionContext, build_context, readiness_drop, today_rpe
from .deload import DELOAD_SHORT, cut_sets, deload_rationale, keep_easy_work  # noqa: F401
from .duration import section_seconds
from .finisher import finisher_items
from .fit import Fitter
from .history import History, RoadmapPosition
from .inputs import ClientState, Methodology, Today
from .items import make_item, mid
from .mainwork import choose_all
from .mobility import mobility_items, mobility_seconds
from .plan import Item, SessionPlan
from .rationale import context_rationale
from .safety import Referral, detect_referral
from .warmup import drill_items, first_loaded_main, general_item, ramp_items
from .week import infer_focus, push_pull

SHORTFALL = "Shorter than requested"


def _coerce(cls, value):
    return cls.from_dict(value) if isinstance(value, Mapping) or value is None else value


def assemble_session(methodology: Methodology | Mapping[str, Any],
                     client: ClientState | Mapping[str, Any],
                     history: History | Mapping[str, Any] | list | None,
                     roadmap_position: RoadmapPosition | Mapping[str, Any] | None,
                     today: Today | Mapping[str, Any], seed: str,
                     library: Any = None) -> SessionPlan | Referral:
    methodology = _coerce(Methodology, methodology)
    client = _coerce(ClientState, client)
    history = history if isinstance(history, History) else History.from_dict(history)
    position = roadmap_position if isinstance(roadmap_position, RoadmapPosition) or \
        roadmap_position is None else RoadmapPosition.from_dict(roadmap_position)
    today = _coerce(Today, today)
    if library is None:
        from .library import load_library
        library = load_library()
    referral = detect_referral(client, today)
    if referral is not None:
        return referral
    ctx = build_context(methodology, client, history, position, today, seed, library)
    if not ctx.deload:
        return _assemble(ctx)
    # A deload trains the exercises a normal week would (or fewer) with less volume, and ends
    # early: the normal week's plan is assembled first to know which exercises those are.
    normal = _assemble(build_context(methodology, client, history, replace(position, deload=False),
                                     today, seed, library))
    return _assemble(ctx, normal)


def _assemble(ctx: SessionContext, normal: SessionPlan | None = None) -> SessionPlan:
    """normal: in a deload week, the plan of the same day without the deload."""
    m, today = ctx.methodology, ctx.today
    focus = today.focus or infer_focus(ctx.history, ctx.on, ctx.client.sessions_per_week,
                                       ctx.library)
    context_rationale(ctx, focus)
    dur = today.duration_min
    warm_s = min(m.warmup_min, max(4, round(dur * 0.2))) * 60
    fin_s = 0 if dur < 25 else min(m.finisher_min, 4 if dur <= 35 else m.finisher_min) * 60
    # a mobility client's end-range work takes the finisher's time first, not the main work's
    mob_s = mobility_seconds(ctx.client.primary_goal, dur)
    fin_s = max(0, fin_s - mob_s)
    picks = choose_all(ctx, focus)
    budget = dur * 60 - warm_s - fin_s - mob_s
    keep = None if normal is None else {i.exercise_id for i in normal.main}
    short = dur <= 35
    main, used = fit_picks(ctx, picks, budget, short, keep)
    if normal is not None:
        cut_sets(main, normal.main, m.deload_volume_reduction_pct)
    warm: list[Item] = []
    first = first_loaded_main(main, ctx.library)
    if first is not None:
        warm += ramp_items(first, ctx.library.get(first.exercise_id), ctx.scale, ctx.styles)
        ctx.rationale.append(f"Warm-up ends with {len(warm)} ramp-up sets of {first.name} "
                             "(about 40/60/80 % of the working load), counted in the time")
    drills = drill_items(ctx.sel, [ctx.library.get(i.exercise_id) for i in main],
                         2 if dur < 45 else 3, ctx.scale, ctx.styles,
                         [ctx.library.get(i.exercise_id) for i in main if i.role == "main"])
    rest_warm = warm_s - section_seconds(drills + warm, ctx.laterality)
    general = general_item(ctx.sel, int(max(120, rest_warm) // 15 * 15), ctx.scale, ctx.styles)
    warm = ([general] if general else []) + drills + warm
    # A finisher sits a little above the day's target, never beyond RPE 8 (less on a poor
    # readiness day, 6 in a deload).
    fin_rpe = 6.0 if ctx.deload else min(8.0 - readiness_drop(ctx), today_rpe(ctx) + 1)
    fin, fin_note = finisher_items(ctx.sel, ctx.kind, ctx.client.primary_goal, fin_s, ctx.scale,
                                   ctx.styles, rpe=fin_rpe, focus=focus)
    if normal is None:
        mob, mob_note = mobility_items(ctx, main, mob_s)
        fin += mob
    elif mob_s:  # keep_easy_work brings the normal week's drills, the same exercises
        mob_note = "Mobility goal: the normal week's end-range work stays in the deload"
    if mob_s and mob_note:
        ctx.rationale.append(mob_note)
    if normal is not None:
        cut_sets(fin, normal.finisher, m.deload_volume_reduction_pct)
    f = Fitter(ctx, warm, main, fin)
    f.superset = used > budget * 1.05 or short
    f.pair_mains = short
    f.label()
    f.enforce_balance()
    f.shrink()
    if f.seconds() > f.target * 1.03 and not f.superset:
        f.superset = True
        f.label()
        f.shrink()
    if normal is not None:
        # Nothing is added back to fill the time: the deload ends early by design.
        keep_easy_work(f.warm, f.fin, normal)
        return _finalise(ctx, f, fin_note, normal)
    f.grow()
    f.tune_warmup()
    if f.seconds() < f.target * 0.95:
        _cooldown(ctx, f)
        f.grow(relaxed=True)
        f.tune_warmup(hi=900)
    return _finalise(ctx, f, fin_note)


def _cooldown(ctx: SessionContext, f: Fitter) -> None:
    """Pad a session the constraints left short with mobility work that loads nothing hurt."""
    pool = [e for p in ("mobility", "activation") for e in ctx.library.by_pattern(p)
            if ("cooldown" in e.roles or "warmup" in e.roles) and e.id not in ctx.sel.used
            and ctx.sel.verdict(e).allowed]
    had = len(f.fin)
    for ex in pool:
        if f.seconds() >= f.target * 0.97:
            break
        ctx.sel.used.add(ex.id)
        reps = mid(ex.reps, 10) if ex.reps else None
        f.fin.append(make_item(ex, block="CD1", sets=2, reps=reps,
                               duration_s=None if reps else mid(ex.duration_s, 45), rpe=4.0,
                               rest_s=20, scale=ctx.scale, styles=ctx.styles, role="cooldown"))
    if len(f.fin) > had:
        ctx.rationale.append("Mobility cool-down added: today's restrictions leave less main work")


def _finalise(ctx: SessionContext, f: Fitter, fin_note: str | None,
              normal: SessionPlan | None = None) -> SessionPlan:
    r = ctx.rationale
    if f.superset and any(i.block.endswith("2") for i in f.main):
        r.append(f"Accessories paired as supersets to fit {ctx.today.duration_min} minutes")
    for it in f.main:
        r.extend(it.notes)
    push, pull = push_pull(ctx.week_counts)
    t_push = sum(i.sets for i in f.main + f.fin if i.pattern.endswith("_push"))
    t_pull = sum(i.sets for i in f.main + f.fin if i.pattern.endswith("_pull"))
    if push or pull:
        r.append(f"Week so far: {push} pushing vs {pull} pulling sets; today {t_push} vs {t_pull}"
                 " (pulling kept at least equal to pushing)")
    if fin_note and f.fin:
        r.append(fin_note)
    minutes = f.seconds() / 60
    r.append(f"Estimated {round(minutes)} min for a {ctx.today.duration_min} min request")
    if normal is not None:
        r.append(deload_rationale(ctx.methodology.deload_volume_reduction_pct, normal, minutes,
                                  ctx.today.duration_min))
        if any(x.startswith(SHORTFALL) for x in normal.rationale):
            r.append(f"{SHORTFALL}: even outside the deload only {normal.estimated_duration_min}"
                     f" of {ctx.today.duration_min} minutes can be programmed safely with "
                     "today's restrictions and equipment")
    elif minutes < ctx.today.duration_min * 0.9:
        r.append(f"{SHORTFALL}: only {round(minutes)} of {ctx.today.duration_min} minutes can be "
                 "programmed safely with today's restrictions and equipment; end early or add "
                 "easy walking")
    return SessionPlan(f.warm, f.main, f.fin, round(minutes), list(dict.fromkeys(r)))
