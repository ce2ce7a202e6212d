"""Mobility emphasis: a client whose first goal is mobility ends every session with end-range
work for what the session trained. The time is set aside before the main work is fitted (it is
part of the plan, not padding), and it loads nothing sore."""

from __future__ import annotations

from .context import SessionContext
from .duration import section_seconds
from .finisher import loads_sore_region
from .items import make_item, mid
from .plan import Item

# end-range holds and controlled reps after the main work: enough for two or three positions
SHORT_S, NORMAL_S = 180, 300


def mobility_seconds(goal: str, duration_min: int) -> int:
    """The time a session of ``duration_min`` sets aside for the mobility block."""
    if goal != "mobility" or duration_min < 30:
        return 0
    return SHORT_S if duration_min < 45 else NORMAL_S


def mobility_items(ctx: SessionContext, main: list[Item], seconds: int
                   ) -> tuple[list[Item], str | None]:
    """Cool-down mobility drills for the muscles the main work trained, within ``seconds``."""
    if seconds <= 0:
        return [], None
    trained = {m for it in main if it.exercise_id in ctx.library
               for m in ctx.library.get(it.exercise_id).primary_muscles}
    pool = [e for e in ctx.library.by_pattern("mobility")
            if "cooldown" in e.roles and e.id not in ctx.sel.used
            and ctx.sel.verdict(e).allowed and not loads_sore_region(ctx.sel, e)]
    # what the session trained first, then holds (end-range time) before reps
    pool.sort(key=lambda e: (-len(trained & set(e.primary_muscles)), e.duration_s is None,
                             ctx.sel.rng.random()))
    items: list[Item] = []
    for ex in pool:
        reps = mid(ex.reps, 10) if ex.reps else None
        # one pass per side of a one-sided position, two of a two-sided one: more positions
        item = make_item(ex, block="CD1", sets=1 if ex.laterality == "unilateral" else 2,
                         reps=reps,
                         duration_s=None if reps else mid(ex.duration_s, 45), rpe=4.0,
                         rest_s=15, scale=ctx.scale, styles=ctx.styles, role="cooldown")
        if items and section_seconds(items + [item], ctx.laterality) > seconds:
            break
        ctx.sel.used.add(ex.id)
        items.append(item)
    if not items:
        return [], "Mobility goal: no cool-down drill is safe and available today"
    names = ", ".join(i.name for i in items)
    minutes = max(1, round(section_seconds(items, ctx.laterality) / 60))
    return items, (f"Mobility goal: about {minutes} minutes of end-range work to close "
                   f"({names}), chosen for what today trained")
