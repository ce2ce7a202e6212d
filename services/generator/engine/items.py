"""Building plan items with effort in the trainer's scale and cues in the trainer's voice."""

from __future__ import annotations

from .cues import styled_cues
from .effort import effort_value, pct_1rm
from .plan import Item

UNLOADED = ("bodyweight", "band", "time")


def item_scale(scale: str, exercise) -> str:
    # %1RM means nothing for a plank or a bike sprint: those keep RPE.
    if scale == "percent_1rm" and (exercise.load_type in UNLOADED or exercise.reps is None):
        return "rpe"
    return scale


def make_item(exercise, *, block: str, sets: int, reps: int | None, duration_s: int | None,
              rpe: float, rest_s: int, scale: str, styles: frozenset[str], role: str,
              load_kg: float | None = None, percent_1rm: float | None = None,
              tempo: str | None = None, extra_cues: list[str] | None = None) -> Item:
    s = item_scale(scale, exercise)
    if s == "percent_1rm":
        percent_1rm = percent_1rm if percent_1rm is not None else round(pct_1rm(reps or 5, rpe), 1)
        value = percent_1rm
    else:
        percent_1rm = None
        value = effort_value(s, reps, rpe)
    work = f"{reps} reps" if reps else f"{duration_s} s"
    unit = {"rpe": "RPE ", "rir": "RIR ", "percent_1rm": ""}[s]
    target = f"{sets} x {work} at {unit}{value:g}{'%' if s == 'percent_1rm' else ''}, " \
             f"{rest_s} s rest"
    return Item(
        exercise_id=exercise.id, name=exercise.name, pattern=exercise.pattern,
        equipment=tuple(exercise.equipment), block=block, sets=sets, reps=reps,
        duration_s=duration_s, load_kg=load_kg, percent_1rm=percent_1rm, effort_scale=s,
        effort_value=value, rest_s=rest_s, tempo=tempo,
        cues=styled_cues(exercise, styles, list(extra_cues or ()), target), role=role,
        laterality=exercise.laterality,
    )


def mid(rng: tuple[int, int] | None, default: int) -> int:
    return (rng[0] + rng[1]) // 2 if rng else default
