"""Duration model: work, rest and transition time of plan items (ITEM dicts of the contract).

The same model prices the engine's own plans and any plan check_plan validates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

SETUP_S = 10  # getting into position / unracking, per set
TRANSITION_S = 45  # moving to the next block (station change, loading plates)
DEFAULT_REP_S = 3.0


def rep_seconds(tempo: str | None) -> float:
    if tempo:
        try:
            total = sum(int(p) for p in tempo.split("-") if p.isdigit())
            if total > 0:
                return float(total)
        except ValueError:
            pass
    return DEFAULT_REP_S


def _get(item: Any, key: str) -> Any:
    if type(item) is dict:  # the common cases first: ABC isinstance checks are slow
        return item.get(key)
    if hasattr(item, "__dataclass_fields__"):
        return getattr(item, key, None)
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def item_seconds(item: Any, laterality: str = "bilateral") -> float:
    """Seconds for an ITEM dict or an engine Item: sets x (work + rest)."""
    sides = 2 if laterality == "unilateral" else 1
    sets = int(_get(item, "sets") or 1)
    if _get(item, "duration_s"):
        work = float(_get(item, "duration_s")) * sides
    else:
        work = float(_get(item, "reps") or 0) * rep_seconds(_get(item, "tempo")) * sides + SETUP_S
    return sets * (work + float(_get(item, "rest_s") or 0))


def section_seconds(items: Iterable[Any], laterality_of: Callable[[str], str]) -> float:
    """Items plus one transition per block letter (a superset A1/A2 is one station)."""
    total = 0.0
    groups: set[str] = set()
    for it in items:
        ex_id = _get(it, "exercise_id") or ""
        total += item_seconds(it, laterality_of(ex_id))
        groups.add(str(_get(it, "block") or "")[:1] or ex_id)
    return total + TRANSITION_S * len(groups)


def plan_minutes(plan: Mapping[str, Any], laterality_of: Callable[[str], str]) -> float:
    secs = sum(section_seconds(plan.get(k) or (), laterality_of)
               for k in ("warmup", "main", "finisher"))
    return secs / 60.0
