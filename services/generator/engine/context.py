"""Everything one assembly run needs, resolved once: inputs, constraints, block targets, voice."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from .cues import voice_styles
from .eligibility import Constraints
from .history import History, RoadmapPosition
from .inputs import ClientState, Methodology, Today
from .roadmap import BLOCK_KINDS, GOAL_SEQUENCES
from .selection import Selector
from .week import week_pattern_sets

# Novices rate effort poorly near failure: no grinding sets, whatever the block says.
BEGINNER_MAX_RPE = 8.0


@dataclass
class SessionContext:
    methodology: Methodology
    client: ClientState
    history: History
    today: Today
    library: Any
    cons: Constraints
    sel: Selector
    rng: random.Random
    on: dt.date
    block: dict[str, Any]
    kind: str
    week: int
    deload: bool
    rep_range: tuple[int, int]
    rpe: float
    scale: str
    styles: frozenset[str]
    week_counts: Any
    rationale: list[str] = field(default_factory=list)

    def laterality(self, exercise_id: str) -> str:
        return self.library.get(exercise_id).laterality if exercise_id in self.library else "bilateral"


def _block_rpe(block: dict[str, Any], kind: str, week: int, scale: str) -> float:
    lo, hi = BLOCK_KINDS[kind][2]
    rng = block.get("effort_range")
    # Effort ramps from the easier end (lower RPE) to the harder end, whichever way the range
    # is written in the trainer's scale.
    if rng and scale == "rpe":
        lo, hi = sorted((float(rng[0]), float(rng[1])))
    elif rng and scale == "rir":
        lo, hi = sorted((10 - float(rng[0]), 10 - float(rng[1])))
    weeks = int(block.get("weeks") or 4) - (1 if block.get("deload_week") else 0)
    # Effort ramps across the block: low end in week 1, high end in the last hard week.
    frac = 0 if weeks <= 1 else min(1.0, (week - 1) / (weeks - 1))
    return round((lo + (hi - lo) * frac) * 2) / 2


def build_context(methodology: Methodology, client: ClientState, history: History,
                  position: RoadmapPosition | None, today: Today, seed: str,
                  library: Any) -> SessionContext:
    rng = random.Random(seed)
    on = today.date or (history.last.date + dt.timedelta(days=1) if history.last else dt.date(2000, 1, 1))
    if position is not None and position.block.get("kind") in BLOCK_KINDS:
        block, week, deload = dict(position.block), position.week, position.deload
    else:
        kind = GOAL_SEQUENCES.get(client.primary_goal, GOAL_SEQUENCES["general_fitness"])[0]
        if client.experience == "beginner":
            kind = "foundation"
        block = {"kind": kind, "name": kind.replace("_", " ").title(), "weeks": 4,
                 "rep_range": list(BLOCK_KINDS[kind][1]), "deload_week": None}
        week, deload = 1, False
    kind = block["kind"]
    reps = tuple(block.get("rep_range") or BLOCK_KINDS[kind][1])
    rpe = _block_rpe(block, kind, week, methodology.effort_scale)
    if client.experience == "beginner":
        rpe = min(rpe, BEGINNER_MAX_RPE)
    cons = Constraints.build(methodology, client, today, history)
    sel = Selector(library, cons, methodology, history, rng, kind)
    return SessionContext(
        methodology=methodology, client=client, history=history, today=today, library=library,
        cons=cons, sel=sel, rng=rng, on=on, block=block, kind=kind, week=week, deload=deload,
        rep_range=(int(reps[0]), int(reps[1])), rpe=rpe,
        scale=methodology.effort_scale, styles=voice_styles(methodology.voice),
        week_counts=week_pattern_sets(history, on, library),
    )


def readiness_drop(ctx: SessionContext) -> float:
    return {1: 1.5, 2: 1.0}.get(ctx.today.readiness or 3, 0.0)


def today_rpe(ctx: SessionContext) -> float:
    """The block's target, lowered on a poor-readiness day: lighter loads alone would still
    send the client to the same effort."""
    return max(min(ctx.rpe, 5.0), ctx.rpe - readiness_drop(ctx))
