"""Deload weeks: the normal week's exercises (or fewer) with fewer sets, ending early.

programming-knowledge.md: sets down 30-50 %, the same exercises, 4+ reps in reserve. The time a
deload frees is not refilled with extra exercises or sets; the session is shorter by design.
"""

from __future__ import annotations

from dataclasses import replace

from .plan import Item, SessionPlan

DELOAD_SHORT = "Deload: volume cut"


def cut_sets(items: list[Item], normal: list[Item], reduction_pct: int) -> None:
    """Sets of each item cut by reduction_pct from what the normal week's plan gives it (which
    may have grown to fill the time), never below one; items it lacks keep their own deload."""
    normal_sets = {i.exercise_id: i.sets for i in normal}
    for it in items:
        if it.exercise_id in normal_sets:
            it.sets = max(1, round(normal_sets[it.exercise_id] * (1 - reduction_pct / 100)))


def keep_easy_work(warm: list[Item], fin: list[Item], normal: SessionPlan) -> None:
    """Only hard sets are cut: the normal day's general warm-up length and its mobility
    cool-down stay (the same exercises, not extra ones)."""
    general = next((i for i in warm if i.block == "W1" and i.duration_s), None)
    usual = next((i for i in normal.warmup if i.block == "W1" and i.duration_s), None)
    if general is not None and usual is not None:
        general.duration_s = max(general.duration_s, usual.duration_s)
    have = {i.exercise_id for i in warm + fin}
    fin.extend(replace(i, cues=list(i.cues), notes=[]) for i in normal.finisher
               if i.role == "cooldown" and i.exercise_id not in have)


def deload_rationale(reduction_pct: int, normal: SessionPlan, minutes: float,
                     requested: int) -> str:
    return (f"{DELOAD_SHORT} ~{reduction_pct} %, session shorter than the time available by "
            f"design: about {round(minutes)} of {requested} min (a normal week: "
            f"{normal.estimated_duration_min} min, same exercises or fewer)")
