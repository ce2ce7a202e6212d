"""Rep ranges and progression method per slot role: the block's range for main lifts,
the block's range or higher for accessories (isolation 8-15)."""

from __future__ import annotations

from .context import SessionContext

STRENGTH_KINDS = ("strength", "power")
# A beginner never works in sets under five reps: no heavy triples, no max-effort singles.
BEGINNER_MIN_REPS = 5


def rep_range(ctx: SessionContext, ex, role: str) -> tuple[int, int]:
    """The block's range for main lifts; accessories the block's range or higher (isolation
    8-15); only the main lift of a strength block may go below the block's minimum."""
    b_lo, b_hi = ctx.rep_range
    if ctx.client.experience == "beginner":
        b_lo, b_hi = max(b_lo, BEGINNER_MIN_REPS), max(b_hi, BEGINNER_MIN_REPS)
    strength_main = role == "main" and ctx.kind in STRENGTH_KINDS
    if role == "main" and ex.compound:
        lo, hi = b_lo, b_hi
    elif ex.compound:
        lo, hi = (max(b_lo, 6), max(b_hi, 10)) if ctx.kind in STRENGTH_KINDS else (b_lo, b_hi)
    else:
        lo, hi = max(b_lo, 8), max(b_hi, 15)
    if not ex.reps:
        return lo, hi
    a, b = max(lo, ex.reps[0]), min(hi, ex.reps[1])
    if a <= b:
        return a, b
    if strength_main:
        return ex.reps
    if ex.reps[0] > hi:  # an exercise meant for more reps (a bridge in a strength block)
        return ex.reps[0], min(ex.reps[1], ex.reps[0] + 4)
    return lo, lo  # the exercise tops out below the block: hold the block's minimum


def work_method(ctx: SessionContext, role: str) -> str:
    method = ctx.block.get("progression") or ctx.methodology.progression_method
    # Waves and linear steps are for the main lifts; accessories build reps first.
    if role != "main" and method in ("percentage_waves", "linear"):
        return "double_progression"
    if method == "percentage_waves" and ctx.kind not in STRENGTH_KINDS:
        return "double_progression"  # 5/3/2 waves would undercut a hypertrophy block's reps
    if method == "percentage_waves" and ctx.client.experience == "beginner":
        return "linear"  # waves of a training max need a known max; a novice adds load weekly
    return method
