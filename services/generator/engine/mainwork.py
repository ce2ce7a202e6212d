"""Main work: slots for today's focus, one exercise per slot, and its prescription from history."""

from __future__ import annotations

from .context import SessionContext
from .effort import round_load
from .items import make_item, mid
from .plan import Item
from .progression import is_stalled, prescribe
from .selection import Pick

_CORE = ("anti_extension", "anti_rotation", "anti_lateral_flexion", "anti_flexion", "carry")
SLOTS: dict[str, tuple[tuple[str, str], ...]] = {
    "full": (("squat", "main"), ("horizontal_pull", "main"), ("hinge", "main"),
             ("horizontal_push", "accessory"), ("vertical_pull", "accessory"),
             ("lunge", "accessory"), ("vertical_push", "accessory"),
             ("anti_extension", "accessory"), ("carry", "accessory"),
             ("anti_rotation", "accessory")),
    "lower": (("squat", "main"), ("hinge", "main"), ("lunge", "accessory"),
              ("hinge", "accessory"), ("anti_extension", "accessory"), ("carry", "accessory"),
              ("squat", "accessory"), ("anti_lateral_flexion", "accessory"),
              ("anti_rotation", "accessory")),
    "upper": (("horizontal_push", "main"), ("horizontal_pull", "main"),
              ("vertical_pull", "accessory"), ("vertical_push", "accessory"),
              ("horizontal_pull", "accessory"), ("anti_rotation", "accessory"),
              ("carry", "accessory"), ("horizontal_push", "accessory"),
              ("anti_extension", "accessory")),
    "push": (("horizontal_push", "main"), ("horizontal_pull", "main"),
             ("vertical_push", "accessory"), ("vertical_pull", "accessory"),
             ("horizontal_push", "accessory"), ("horizontal_pull", "accessory"),
             ("anti_extension", "accessory"), ("carry", "accessory")),
    "pull": (("vertical_pull", "main"), ("horizontal_pull", "main"), ("hinge", "accessory"),
             ("horizontal_pull", "accessory"), ("carry", "accessory"),
             ("anti_extension", "accessory"), ("vertical_pull", "accessory"),
             ("anti_rotation", "accessory")),
    "conditioning": (("conditioning", "main"), ("squat", "accessory"),
                     ("horizontal_pull", "accessory"), ("carry", "accessory"),
                     ("conditioning", "accessory"), ("hinge", "accessory"),
                     ("locomotion", "accessory"), ("anti_rotation", "accessory")),
}
MAX_EXERCISES = 9
# Extra accessory patterns when restrictions empty today's usual slots (knee 7/10 on leg day).
FILL = ("horizontal_pull", "vertical_pull", "anti_extension", "horizontal_push",
        "anti_lateral_flexion", "anti_rotation", "anti_flexion", "rotation", "carry",
        "vertical_push", "hinge", "squat", "lunge", "horizontal_pull", "vertical_pull")


def slots_for(ctx: SessionContext, focus: str) -> list[tuple[str, str]]:
    slots = list(SLOTS.get(focus, SLOTS["full"]))
    mains = [s for s in slots if s[1] == "main"]
    # Accessories: the patterns the week has trained least come first (stable for ties).
    rest = sorted((s for s in slots if s[1] != "main"), key=lambda s: ctx.week_counts[s[0]] // 6)
    return mains + rest


def choose_all(ctx: SessionContext, focus: str) -> list[tuple[Pick, str]]:
    picks: list[tuple[Pick, str]] = []
    skipped: dict[str, list[str]] = {}
    wanted = max(4, min(MAX_EXERCISES, ctx.today.duration_min // 10))
    slots = slots_for(ctx, focus)
    for i, (pattern, role) in enumerate(slots + [(p, "fill") for p in FILL]):
        if len(picks) >= (MAX_EXERCISES if i < len(slots) else wanted):
            break
        if role == "fill":
            pick, _ = ctx.sel.choose(pattern, "accessory")
            if pick is not None:
                picks.append((pick, "accessory"))
            continue
        pick, why = ctx.sel.choose(pattern, role)
        if pick is None and role == "main":
            pick, why = ctx.sel.choose(pattern, "accessory")
        if pick is None and pattern in ("conditioning", "locomotion"):
            pick, why = ctx.sel.choose(pattern, "finisher")
        if pick is None:
            skipped.setdefault(why or "", []).append(pattern.replace("_", " "))
            continue
        if ctx.methodology.stall_response == "variation" and is_stalled(
                ctx.history.logs_for(pick.exercise.id), ctx.on):
            alt, _ = ctx.sel.choose(pattern, role, exclude=frozenset({pick.exercise.id}))
            if alt is not None:
                ctx.sel.used.discard(pick.exercise.id)
                why = (f"{pick.exercise.name} stalled for 2-3 weeks: methodology says change the "
                       f"variation, {alt.exercise.name} instead")
                pick = Pick(alt.exercise, alt.verdict, "; ".join(filter(None, (why, alt.note))))
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


def _rest(ex, role: str, reps: int | None, experience: str) -> int:
    if reps is None:
        return 45 if ex.pattern not in ("conditioning", "locomotion") else 60
    if ex.pattern in _CORE:
        return 45
    if role == "main" and reps <= 6:
        return 210 if experience == "advanced" else 180
    if role == "main":
        return 120
    return 90 if ex.compound else 60


def build_item(ctx: SessionContext, pick: Pick, role: str) -> Item:
    ex, v = pick.exercise, pick.verdict
    lo, hi = ctx.rep_range if (role == "main" and ex.compound) else (8, 15)
    if ex.reps:
        a, b = max(lo, ex.reps[0]), min(hi, ex.reps[1])
        lo, hi = (a, b) if a <= b else ex.reps
    rpe, sets = ctx.rpe, (4 if role == "main" else 3)
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
        item = make_item(ex, block="", sets=max(1, sets), reps=None, duration_s=dur, rpe=rpe,
                         rest_s=_rest(ex, role, None, ctx.client.experience), scale=ctx.scale,
                         styles=ctx.styles, role=role)
        return _finish(item, pick)
    p = prescribe(ex, ctx.history.logs_for(ex.id), ctx.block.get("progression")
                  or ctx.methodology.progression_method, (lo, hi), rpe, ctx.week, ctx.on)
    notes = list(p.notes)
    load, pct = p.load_kg, p.percent_1rm
    if p.stalled:
        sets += _stall_response(ctx, ex, notes)
        if ctx.methodology.stall_response == "deload" and load:
            load *= 0.9
    if load and (ctx.block.get("progression") or ctx.methodology.progression_method) == \
            "rpe_autoregulation":
        extra.append(f"If the first set is off RPE {rpe:g}, move the load about 5 % and go again")
    factor = v.load_factor
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
    if ctx.kind == "hypertrophy" and role == "main" and tempo is None and not (
            {"plyometric", "ballistic"} & set(ex.tags)):
        tempo = "3-0-1-0"
    item = make_item(ex, block="", sets=max(1, sets), reps=p.reps, duration_s=None, rpe=rpe,
                     rest_s=_rest(ex, role, p.reps, ctx.client.experience), scale=ctx.scale,
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
