"""Block roadmaps: a sequence of 3-6 week blocks toward the client's goals, with deloads placed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from .effort import pct_1rm
from .inputs import ClientState, Methodology

# kind -> (focus, rep range, RPE range, base weeks)
BLOCK_KINDS: dict[str, tuple[str, tuple[int, int], tuple[float, float], int]] = {
    "return_to_training": ("Pain-free range, tissue tolerance, rebuild confidence", (10, 15),
                           (5.0, 7.0), 4),
    "foundation": ("Movement quality, technique on the main patterns, consistency", (8, 12),
                   (6.0, 7.5), 4),
    "hypertrophy": ("Muscle gain: volume in the 6-12 rep range, effort ramping to 1 RIR", (6, 12),
                    (7.0, 9.0), 5),
    "work_capacity": ("Work capacity: density, shorter rests, circuits", (10, 15), (6.5, 8.0), 4),
    "strength": ("Strength on the main lifts: heavier loads, lower reps", (3, 6), (7.5, 9.0), 4),
    "power": ("Power: fast concentric reps, jumps and throws, moderate loads", (2, 5),
              (6.5, 8.0), 3),
    "conditioning": ("Conditioning: intervals and aerobic base, strength maintained", (8, 12),
                     (6.5, 8.0), 4),
}
GOAL_SEQUENCES: dict[str, tuple[str, ...]] = {
    "strength": ("hypertrophy", "strength", "hypertrophy", "strength"),
    "hypertrophy": ("hypertrophy", "strength", "hypertrophy", "hypertrophy"),
    "fat_loss": ("work_capacity", "hypertrophy", "conditioning", "hypertrophy"),
    "endurance": ("work_capacity", "conditioning", "hypertrophy", "conditioning"),
    "mobility": ("foundation", "work_capacity", "hypertrophy", "foundation"),
    "sport_performance": ("hypertrophy", "strength", "power", "conditioning"),
    "return_from_injury": ("return_to_training", "foundation", "hypertrophy", "strength"),
    "general_fitness": ("work_capacity", "hypertrophy", "strength", "conditioning"),
}
# Weekly hard sets per muscle group, beginner / intermediate+ (programming-knowledge.md).
WEEKLY_SETS = {"beginner": (8, 12), "intermediate": (10, 16), "advanced": (12, 20)}


@dataclass(frozen=True, slots=True)
class Roadmap:
    blocks: tuple[dict[str, Any], ...]
    starts_on: dt.date
    reason: str
    from_block_index: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"blocks": [dict(b) for b in self.blocks], "starts_on": self.starts_on.isoformat(),
                "reason": self.reason, "from_block_index": self.from_block_index}

    def position(self, on: dt.date) -> tuple[dict[str, Any], int] | None:
        """The block and week in block that a date falls in (None after the roadmap ends)."""
        week = (on - self.starts_on).days // 7
        for b in self.blocks:
            if week < b["weeks"]:
                return b, max(1, week + 1)
            week -= b["weeks"]
        return None


def deload_interval(methodology: Methodology, experience: str) -> int:
    every = max(3, methodology.deload_every_weeks)
    if experience == "advanced":
        return min(every, 4)
    if experience == "beginner":
        return max(every, 8)
    return min(every, 6)


def _effort_range(scale: str, reps: tuple[int, int], rpe: tuple[float, float]) -> list[float]:
    if scale == "rir":
        # A range is written low to high (the contract refuses [3, 1]); in RIR the hard end of
        # the block is the low number.
        return sorted([10 - rpe[0], 10 - rpe[1]])
    if scale == "percent_1rm":
        return [round(pct_1rm(reps[1], rpe[0]), 1), round(pct_1rm(reps[0], rpe[1]), 1)]
    return [rpe[0], rpe[1]]


def _sequence(client: ClientState) -> list[str]:
    seq = list(GOAL_SEQUENCES.get(client.primary_goal, GOAL_SEQUENCES["general_fitness"]))
    hurt = any(i.status == "active" and i.severity >= 4 for i in client.injuries)
    if hurt and seq[0] != "return_to_training":
        seq = ["return_to_training"] + seq[:3]
    elif client.experience == "beginner" and seq[0] not in ("foundation", "return_to_training"):
        seq = ["foundation"] + seq[:3]
    if client.experience == "beginner":
        seq = [k if k != "power" else "strength" for k in seq]
    return seq


def _blocks(client: ClientState, methodology: Methodology, kinds: list[str],
            start_index: int, weeks_since_deload: int) -> list[dict[str, Any]]:
    interval = deload_interval(methodology, client.experience)
    sets = WEEKLY_SETS.get(client.experience, WEEKLY_SETS["intermediate"])
    out = []
    for offset, kind in enumerate(kinds):
        focus, reps, rpe, base = BLOCK_KINDS[kind]
        weeks = base if client.experience == "beginner" else max(3, min(6, interval))
        if kind == "return_to_training":
            weeks = 4
        deload_week = None
        if kind != "return_to_training" and weeks_since_deload + weeks >= interval:
            deload_week = weeks
            weeks_since_deload = 0
        else:
            weeks_since_deload += weeks
        progression = methodology.progression_method
        if kind in ("return_to_training", "foundation") or (
                client.experience == "beginner" and progression == "percentage_waves"):
            progression = "double_progression"  # no %1RM work before a reliable e1RM exists
        out.append({
            "index": start_index + offset, "name": f"{kind.replace('_', ' ').title()} "
                                                  f"{start_index + offset + 1}",
            "kind": kind, "weeks": weeks, "focus": focus, "rep_range": list(reps),
            "effort_range": _effort_range(methodology.effort_scale, reps, rpe),
            "weekly_sets_target": sets[0] if kind in ("foundation", "return_to_training")
            else sets[1], "progression": progression, "deload_week": deload_week,
        })
    return out


def build_roadmap(client: ClientState, methodology: Methodology, start_date: dt.date,
                  reason: str = "initial roadmap") -> Roadmap:
    kinds = _sequence(client)
    goals = ", ".join(f"{g.goal} (priority {g.priority})" for g in client.goals)
    why = f"{reason}: goals {goals}; {client.experience}; deload every " \
          f"{deload_interval(methodology, client.experience)} weeks"
    return Roadmap(tuple(_blocks(client, methodology, kinds, 0, 0)), start_date, why)


def adjust_roadmap(roadmap: Roadmap, client: ClientState, methodology: Methodology,
                   from_block_index: int, reason: str) -> Roadmap:
    """Keep blocks before from_block_index, re-plan the rest for the client's current state."""
    kept = [dict(b) for b in roadmap.blocks[:from_block_index]]
    since = 0
    for b in kept:
        since = 0 if b.get("deload_week") else since + b["weeks"]
    kinds = _sequence(client)
    remaining = max(1, len(roadmap.blocks) - from_block_index)
    if kinds[0] == "foundation" and from_block_index > 0:
        # Past the start, a beginner's foundation is done; an injury still inserts return work.
        kinds = kinds[1:]
    new = _blocks(client, methodology, kinds[:remaining + (kinds[0] == "return_to_training")],
                  from_block_index, since)
    return replace(roadmap, blocks=tuple(kept + new), reason=reason,
                   from_block_index=from_block_index)
