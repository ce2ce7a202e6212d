"""assemble_session: methodology + client + history + roadmap position + today -> plan or referral."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .context import SessionContext, build_context
from .duration import section_seconds
from .finisher import finisher_items
from .fit import Fitter
from .history import History, RoadmapPosition
from .inputs import ClientState, Methodology, Today
from .items import make_item, mid
from .mainwork import build_item, choose_all
from .plan import Item, SessionPlan
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
    return _assemble(ctx)


def _context_rationale(ctx: SessionContext, focus: str) -> None:
    b, r = ctx.block, ctx.rationale
    r.append(f"Roadmap: {b.get('name', ctx.kind)} ({ctx.kind.replace('_', ' ')}), week {ctx.week}"
             f" of {b.get('weeks', '?')}: {ctx.rep_range[0]}-{ctx.rep_range[1]} reps, "
             f"target RPE {ctx.rpe:g}")
    r.append(f"Focus: {focus}" + ("" if ctx.today.focus else " (balances the week so far)"))
    if ctx.deload:
        r.append(f"Deload week (roadmap): sets -{ctx.methodology.deload_volume_reduction_pct} %, "
                 f"loads at {ctx.methodology.deload_load_pct} % of working loads, 4+ reps in reserve")
    if ctx.today.readiness is not None and ctx.today.readiness <= 2:
        r.append(f"Readiness {ctx.today.readiness}/5: one set fewer per exercise and loads down "
                 f"{15 if ctx.today.readiness == 1 else 10} %")
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


def _assemble(ctx: SessionContext) -> SessionPlan:
    m, today = ctx.methodology, ctx.today
    focus = today.focus or infer_focus(ctx.history, ctx.on, ctx.client.sessions_per_week,
                                       ctx.library)
    _context_rationale(ctx, focus)
    dur = today.duration_min
    warm_s = min(m.warmup_min, max(4, round(dur * 0.2))) * 60
    fin_s = 0 if dur < 25 else min(m.finisher_min, 4 if dur <= 35 else m.finisher_min) * 60
    picks = choose_all(ctx, focus)
    budget = dur * 60 - warm_s - fin_s
    main: list[Item] = []
    used = 0.0
    short = dur <= 35
    for pick, role in picks:
        item = build_item(ctx, pick, role)
        # Short sessions run as supersets, which roughly halves the rest that counts.
        secs = section_seconds([item], ctx.laterality) * (0.75 if short else 1.0)
        if len(main) >= 2 and used + secs > budget:
            ctx.sel.used.discard(item.exercise_id)
            continue
        main.append(item)
        used += secs
    warm: list[Item] = []
    first = first_loaded_main(main, ctx.library)
    if first is not None:
        warm += ramp_items(first, ctx.library.get(first.exercise_id), ctx.scale, ctx.styles)
        ctx.rationale.append(f"Warm-up ends with {len(warm)} ramp-up sets of {first.name} "
                             "(about 40/60/80 % of the working load), counted in the time")
    drills = drill_items(ctx.sel, [ctx.library.get(i.exercise_id) for i in main],
                         2 if dur < 45 else 3, ctx.scale, ctx.styles)
    rest_warm = warm_s - section_seconds(drills + warm, ctx.laterality)
    general = general_item(ctx.sel, int(max(120, rest_warm) // 15 * 15), ctx.scale, ctx.styles)
    warm = ([general] if general else []) + drills + warm
    fin, fin_note = finisher_items(ctx.sel, ctx.kind, ctx.client.primary_goal, fin_s, ctx.scale,
                                   ctx.styles, rpe=6.0 if ctx.deload else 8.0)
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
    for ex in pool:
        if f.seconds() >= f.target * 0.97:
            break
        ctx.sel.used.add(ex.id)
        reps = mid(ex.reps, 10) if ex.reps else None
        f.fin.append(make_item(ex, block="CD1", sets=2, reps=reps,
                               duration_s=None if reps else mid(ex.duration_s, 45), rpe=4.0,
                               rest_s=20, scale=ctx.scale, styles=ctx.styles, role="cooldown"))
    if f.fin and f.fin[-1].role == "cooldown":
        ctx.rationale.append("Mobility cool-down added: today's restrictions leave less main work")


def _finalise(ctx: SessionContext, f: Fitter, fin_note: str | None) -> SessionPlan:
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
    if minutes < ctx.today.duration_min * 0.9:
        r.append(f"{SHORTFALL}: only {round(minutes)} of {ctx.today.duration_min} minutes can be "
                 "programmed safely with today's restrictions and equipment; end early or add "
                 "easy walking")
    return SessionPlan(f.warm, f.main, f.fin, round(minutes), list(dict.fromkeys(r)))
