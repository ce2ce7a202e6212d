"""Which of today's picks fit the main-work time budget, in the coach's order of priority."""

from __future__ import annotations

from .context import SessionContext
from .duration import section_seconds
from .mainwork import build_item
from .plan import Item
from .selection import Pick

# Fewer exercises than this in a session of 30+ minutes reads as two lifts and a long wait.
MIN_EXERCISES = 4


def fit_picks(ctx: SessionContext, picks: list[tuple[Pick, str]], budget: float,
              short: bool, keep: set[str] | None = None) -> tuple[list[Item], float]:
    """Items for the picks that fit, and the seconds they take. keep (a deload) takes exactly
    the exercises of the normal week instead of pricing them."""
    main, used = _one_pass(ctx, picks, budget, short, keep, trim=False)
    if keep is None and ctx.today.duration_min >= 30 and len(main) < min(MIN_EXERCISES,
                                                                         len(picks)):
        # Four sets of each main lift left no room for a third or fourth exercise: a coach
        # takes one set off each main lift instead.
        trimmed, t_used = _one_pass(ctx, picks, budget, short, keep, trim=True)
        if len(trimmed) > len(main):
            main, used = trimmed, t_used
    kept = {i.exercise_id for i in main}
    for pick, _ in picks:
        if pick.exercise.id in kept:
            ctx.sel.used.add(pick.exercise.id)
        else:
            ctx.sel.used.discard(pick.exercise.id)
    return main, used


def _one_pass(ctx: SessionContext, picks: list[tuple[Pick, str]], budget: float, short: bool,
              keep: set[str] | None, trim: bool) -> tuple[list[Item], float]:
    main: list[Item] = []
    used = 0.0
    for pick, role in picks:
        item = build_item(ctx, pick, role)
        if trim and item.role == "main" and item.sets > 3:
            item.sets -= 1
        # Short sessions run as supersets, which roughly halves the rest that counts.
        secs = section_seconds([item], ctx.laterality) * (0.75 if short else 1.0)
        if keep is not None and item.exercise_id not in keep or \
                keep is None and len(main) >= 2 and used + secs > budget:
            continue
        main.append(item)
        used += secs
    return main, used
