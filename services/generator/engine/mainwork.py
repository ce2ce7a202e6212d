"""Main work: slots for today's focus, one exercise per slot, and its prescription from history."""

from __future__ import annotations

from .context import SessionContext, today_rpe
from .effort import round_load
from .families import family
from .items import make_item, mid
from .plan import Item
from .progression import is_stalled, prescribe
from .repranges import STRENGTH_KINDS, rep_range, work_method
from .selection import Pick
from .substitution import substitute_load
from .templates import FILL, MAX_EXERCISES, slots_for

_CORE = ("anti_extension", "anti_rotation", "anti_lateral_flexion", "anti_flexion", "carry")
# Lifts done fast on purpose: a slow prescribed tempo would defeat them.
EXPLOSIVE = frozenset({"plyometric", "ballistic", "explosive"})
# Blocks whose point is density: short rests, not strength-style recoveries.
DENSE_KINDS = ("work_capacity", "conditioning")
def choose_all(ctx: SessionContext, focus: str) -> list[tuple[Pick, str]]:
    picks: list[tuple[Pick, str]] = []
    strength = ctx.kind in STRENGTH_KINDS
    ctx.sel.min_reps = {"main": 0 if strength else ctx.rep_range[0],
                        "accessory": max(ctx.rep_range[0], 6 if strength else 0)}
    skipped: dict[str, list[str]] = {}
    wanted = max(4, min(MAX_EXERCISES, ctx.today.duration_min // 10))
    slots = slots_for(focus, ctx.week_counts)
    for i, (pattern, role, want) in enumerate(slots + [(p, "fill", None) for p in FILL]):
        if len(picks) >= (MAX_EXERCISES if i < len(slots) else wanted):
            break
        if role == "fill":
            pick, _ = ctx.sel.choose(pattern, "accessory")
            if pick is not None:
                picks.append((pick, "accessory"))
            continue
        if want == "single_leg" and any(p.exercise.pattern == "lunge" for p, _ in picks):
            continue  # the knee-dominant slot already took a single-leg lift
        pick, why = ctx.sel.choose(pattern, role, want=want)
        if pick is None and role == "main":
            pick, why = ctx.sel.choose(pattern, "accessory", want=want)
        if pick is not None and pattern == "squat" and role == "main":
            pick = _knee_dominant(ctx, pick)
        if pick is None and pattern in ("conditioning", "locomotion"):
            pick, why = ctx.sel.choose(pattern, "finisher")
        if pick is None:
            skipped.setdefault(why or "", []).append(pattern.replace("_", " "))
            continue
        if ctx.methodology.stall_response == "variation" and is_stalled(
                ctx.history.logs_for(pick.exercise.id), ctx.on):
            ctx.sel.release(pick.exercise.id)
            alt, _ = ctx.sel.choose(pattern, role, exclude=frozenset({pick.exercise.id}), want=want)
            if alt is None:
                ctx.sel.used.add(pick.exercise.id)
                ctx.sel.families.add(family(pick.exercise))
                ctx.sel.region_load.mark(pick.exercise)
            else:
                why = (f"{pick.exercise.name} stalled for 2-3 weeks: methodology says change the "
                       f"variation, {alt.exercise.name} instead")
                pick = Pick(alt.exercise, alt.verdict, "; ".join(filter(None, (why, alt.note))),
                            pick.exercise)
        picks.append((pick, role))
    done = {p.exercise.pattern.replace("_", " ") for p, _ in picks}
    for why, patterns in skipped.items():
        patterns = [p for p in patterns if p not in done]
        if not patterns:
            continue
        severe = "not loading" in why
        tail = "; the client should see a clinician before loading it again" if severe else ""
        ctx.rationale.append(f"No {', '.join(dict.fromkeys(patterns))} work today: {why}{tail}")
    return picks


def _knee_dominant(ctx: SessionContext, pick: Pick) -> Pick:
    """A loaded split squat beats a bodyweight squat substitute for a trained client."""
    if pick.replaced is None or pick.exercise.load_type not in ("bodyweight", "band", "time") \
            or ctx.client.experience == "beginner":
        return pick
    alt, _ = ctx.sel.choose("lunge", "main", want="single_leg")
    if alt is None or alt.exercise.load_type in ("bodyweight", "band", "time"):
        if alt is not None:
            ctx.sel.release(alt.exercise.id)
        return pick
    ctx.sel.release(pick.exercise.id)
    why = pick.note.split(": ", 1)[1] if pick.note and ": " in pick.note else "not safe today"
    return Pick(alt.exercise, alt.verdict,
                f"Replaced {pick.replaced.name} with {alt.exercise.name} as today's "
                f"knee-dominant lift: {why}", pick.replaced)


def _rest(ex, role: str, reps: int | None, experience: str, kind: str) -> int:
    if reps is None:
        return 45 if ex.pattern not in ("conditioning", "locomotion") else 60
    if ex.pattern in _CORE:
        return 45
    if kind in DENSE_KINDS:
        return 90 if role == "main" else 60
    if role == "main" and reps <= 6:
        return 210 if experience == "advanced" else 180
    if role == "main":
        # A bodyweight or easy (foundation) lift needs no strength-style recovery.
        easy = ex.load_type in ("bodyweight", "band") or kind in ("foundation", "return_to_training")
        return 90 if easy else 120
    return 90 if ex.compound else 60


def build_item(ctx: SessionContext, pick: Pick, role: str) -> Item:
    ex, v = pick.exercise, pick.verdict
    lo, hi = rep_range(ctx, ex, role)
    rpe, sets = today_rpe(ctx), (4 if role == "main" else 3)
    if ctx.client.experience == "beginner" or ex.pattern in _CORE:
        sets -= 1
    extra: list[str] = []
    tempo = "3-1-1-0" if ctx.kind in ("foundation", "return_to_training") and ex.reps else None
    if ex.reps is None:
        dur = mid(ex.duration_s, 30)
        if ex.duration_s and ex.duration_s[0] >= 180:
            # A steady-state piece: one bout sized to about a third of the session.
            share = ctx.today.duration_min * 60 * 0.3
            sets, dur = 1, int(max(ex.duration_s[0], min(ex.duration_s[1], share)) // 60 * 60)
        elif ex.pattern in ("conditioning", "locomotion"):
            sets = 6 if role == "main" else 4
        if ctx.deload:  # timed work deloads too: fewer bouts, well short of hard
            sets = round(sets * (1 - ctx.methodology.deload_volume_reduction_pct / 100))
            rpe = min(rpe, 6.0)
        item = make_item(ex, block="", sets=max(1, sets), reps=None, duration_s=dur, rpe=rpe,
                         rest_s=_rest(ex, role, None, ctx.client.experience, ctx.kind),
                         scale=ctx.scale,
                         styles=ctx.styles, role=role)
        return _finish(item, pick)
    method = work_method(ctx, role)
    logs = ctx.history.logs_for(ex.id)
    # Loads come from the block's target; readiness then takes its 10-15 % off (below).
    p = prescribe(ex, logs, method, (lo, hi), ctx.rpe, ctx.week, ctx.on)
    if not logs and ex.load_type not in ("bodyweight", "band", "time"):
        sub = substitute_load(ctx, pick, p.reps, ctx.rpe)
        if sub is not None:
            p.load_kg, p.notes = sub
    if role != "main" or ctx.kind not in STRENGTH_KINDS or ctx.client.experience == "beginner":
        p.reps = max(p.reps, lo)
    notes = list(p.notes)
    load, pct = p.load_kg, p.percent_1rm
    if p.stalled:
        sets += _stall_response(ctx, ex, notes)
        if ctx.methodology.stall_response == "deload" and load:
            load *= 0.9
    if load and method == "rpe_autoregulation":
        extra.append(f"If the first set is off RPE {rpe:g}, move the load about 5 % and go again")
    factor = v.load_factor
    if v.only_side:
        extra.append(f"Work the {v.only_side} side only today; the other side rests.")
    if factor < 1:
        tempo = "3-1-1-0"
        extra.append("Stop the set if pain rises above 3/10")
    if ctx.today.readiness is not None and ctx.today.readiness <= 2:
        factor *= 0.85 if ctx.today.readiness == 1 else 0.9
        sets -= 1
    if _fatigued(ctx):
        sets -= 1
    if ctx.deload:
        sets = round(sets * (1 - ctx.methodology.deload_volume_reduction_pct / 100))
        factor *= ctx.methodology.deload_load_pct / 100
        rpe = 6.0
    if load:
        load = round_load(load * factor, ex.load_type)
    if pct is not None:
        pct = round(pct * factor, 1)
    if ctx.kind == "hypertrophy" and role == "main" and tempo is None:
        tempo = "3-0-1-0"
    if EXPLOSIVE & set(ex.tags):
        tempo = None
    item = make_item(ex, block="", sets=max(1, sets), reps=p.reps, duration_s=None, rpe=rpe,
                     rest_s=_rest(ex, role, p.reps, ctx.client.experience, ctx.kind),
                     scale=ctx.scale,
                     styles=ctx.styles, role=role, load_kg=load, percent_1rm=pct, tempo=tempo,
                     extra_cues=extra)
    return _finish(item, pick, notes)


def _finish(item: Item, pick: Pick, notes: list[str] | None = None) -> Item:
    item.base_rest_s = item.rest_s
    if pick.note:
        item.notes.append(pick.note)
    item.notes.extend(f"{pick.exercise.name} kept, modified: {m}" for m in pick.verdict.modify)
    item.notes.extend(notes or ())
    return item


def _fatigued(ctx: SessionContext) -> bool:
    last = ctx.history.last
    return bool(last and ((last.feel is not None and last.feel <= 2)
                          or (last.session_rpe is not None and last.session_rpe >= 9)))


def _stall_response(ctx: SessionContext, ex, notes: list[str]) -> int:
    resp = ctx.methodology.stall_response
    if resp == "deload":
        notes.append(f"{ex.name} stalled for 2-3 weeks: methodology says deload the lift, "
                             "load down 10 %")
        return 0
    good = not _fatigued(ctx) and (ctx.today.readiness or 3) >= 3
    notes.append(f"{ex.name} stalled for 2-3 weeks: "
                         + ("recovery is good, sets up about 20 %" if good
                            else "recovery is poor, sets down about 20 %"))
    return 1 if good else -1
