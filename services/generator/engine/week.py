"""The training week so far: sets per pattern over the last seven days, for balance decisions."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .history import History

PUSH = frozenset({"horizontal_push", "vertical_push"})
PULL = frozenset({"horizontal_pull", "vertical_pull"})
LOWER = frozenset({"squat", "hinge", "lunge"})


def week_pattern_sets(history: History, on: dt.date, library) -> Counter[str]:
    """Sets per pattern in the seven days before `on`: logged sets when logged, else planned."""
    counts: Counter[str] = Counter()
    for s in history.within(on, 7):
        if s.logged:
            for ex_id, sets in s.logged.items():
                if ex_id in library:
                    counts[library.get(ex_id).pattern] += sum(1 for x in sets if x.completed)
        else:
            for p in s.planned:
                pattern = library.get(p.exercise_id).pattern if p.exercise_id in library else p.pattern
                if pattern:
                    counts[pattern] += p.sets
    return counts


def push_pull(counts: Counter[str]) -> tuple[int, int]:
    return sum(counts[p] for p in PUSH), sum(counts[p] for p in PULL)


def items_push_pull(items) -> tuple[int, int]:
    """(push sets, pull sets) of plan items (Item objects or ITEM dicts)."""
    push = pull = 0
    for it in items:
        pattern = it["pattern"] if isinstance(it, dict) else it.pattern
        sets = int(it["sets"] if isinstance(it, dict) else it.sets)
        if pattern in PUSH:
            push += sets
        elif pattern in PULL:
            pull += sets
    return push, pull


def infer_focus(history: History, on: dt.date, sessions_per_week: int, library) -> str:
    """Full body for up to three sessions a week; otherwise alternate upper and lower."""
    if sessions_per_week <= 3 or not history.sessions:
        return "full"
    last = history.last
    if last.focus in ("upper", "lower"):
        return "lower" if last.focus == "upper" else "upper"
    counts = week_pattern_sets(History((last,)), last.date + dt.timedelta(days=1), library)
    lower = sum(counts[p] for p in LOWER)
    upper = sum(v for k, v in counts.items() if k in PUSH | PULL)
    return "upper" if lower > upper else "lower"
