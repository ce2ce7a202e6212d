"""The engine's inputs as frozen dataclasses, each readable from the contract's JSON shapes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STALL_RESPONSES = ("volume", "deload", "variation")


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True, slots=True)
class Methodology:
    training_styles: tuple[str, ...] = ("strength", "hypertrophy")
    progression_method: str = "double_progression"
    effort_scale: str = "rpe"
    deload_every_weeks: int = 5
    deload_volume_reduction_pct: int = 40
    # Deload loads as % of working loads; programming-knowledge.md leaves this to the trainer.
    deload_load_pct: int = 70
    philosophy: str = ""
    voice: str = ""
    preferred_exercises: tuple[str, ...] = ()
    banned_exercises: tuple[str, ...] = ()
    warmup_min: int = 8
    finisher_min: int = 6
    generator_mode: str = "engine"
    stall_response: str = "volume"  # volume | deload | variation

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> Methodology:
        d = d or {}
        deload = d.get("deload") or {}
        structure = d.get("session_structure") or {}
        stall = d.get("stall_response") or "volume"
        return cls(
            training_styles=tuple(d.get("training_styles") or ("strength", "hypertrophy")),
            progression_method=d.get("progression_method") or "double_progression",
            effort_scale=d.get("effort_scale") or "rpe",
            deload_every_weeks=int(deload.get("every_weeks") or 5),
            deload_volume_reduction_pct=int(deload.get("volume_reduction_pct") or 40),
            deload_load_pct=int(deload.get("load_pct") or 70),
            philosophy=d.get("philosophy") or "",
            voice=d.get("voice") or "",
            preferred_exercises=tuple(d.get("preferred_exercises") or ()),
            banned_exercises=tuple(d.get("banned_exercises") or ()),
            warmup_min=int(structure.get("warmup_min", 8)),
            finisher_min=int(structure.get("finisher_min", 6)),
            generator_mode=d.get("generator_mode") or "engine",
            stall_response=stall if stall in STALL_RESPONSES else "volume",
        )


@dataclass(frozen=True, slots=True)
class Injury:
    region: str
    side: str | None
    severity: int
    status: str = "active"
    description: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Injury:
        return cls(d["region"], d.get("side"), int(d.get("severity") or 0),
                   d.get("status") or "active", d.get("description") or "")


@dataclass(frozen=True, slots=True)
class PainFlag:
    region: str
    side: str | None
    severity: int
    note: str = ""
    exercise_id: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PainFlag:
        return cls(d["region"], d.get("side"), int(d.get("severity") or 0),
                   d.get("note") or "", d.get("exercise_id"))


@dataclass(frozen=True, slots=True)
class GoalPriority:
    goal: str
    priority: int = 1


@dataclass(frozen=True, slots=True)
class ClientState:
    id: str
    experience: str = "intermediate"
    goals: tuple[GoalPriority, ...] = (GoalPriority("general_fitness", 1),)
    birth_year: int | None = None
    injuries: tuple[Injury, ...] = ()
    equipment_profiles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    preferences: Mapping[str, Any] = field(default_factory=dict)
    sessions_per_week: int = 3

    @property
    def primary_goal(self) -> str:
        return min(self.goals, key=lambda g: g.priority).goal if self.goals else "general_fitness"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClientState:
        goals = tuple(
            sorted((GoalPriority(g["goal"], int(g.get("priority") or 1)) for g in d.get("goals") or ()),
                   key=lambda g: g.priority))
        injuries = d.get("active_injuries", d.get("injuries")) or ()
        profiles = d.get("equipment_profiles") or {}
        return cls(
            id=str(d.get("id") or d.get("client_id") or ""),
            experience=d.get("experience") or "intermediate",
            goals=goals or (GoalPriority("general_fitness", 1),),
            birth_year=d.get("birth_year"),
            injuries=tuple(Injury.from_dict(i) for i in injuries),
            equipment_profiles={k: tuple(v.get("items", v) if isinstance(v, Mapping) else v)
                                for k, v in profiles.items()},
            preferences=dict(d.get("preferences") or {}),
            sessions_per_week=int(d.get("sessions_per_week") or 3),
        )


@dataclass(frozen=True, slots=True)
class Today:
    duration_min: int
    date: dt.date | None = None
    pain_flags: tuple[PainFlag, ...] = ()
    equipment: tuple[str, ...] | None = None  # None: fall back to the client's profile
    equipment_profile: str | None = None
    focus: str | None = None
    readiness: int | None = None
    notes: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Today:
        eq = d.get("equipment")
        return cls(
            duration_min=int(d.get("duration_min") or 60),
            date=_date(d.get("date") or d.get("performed_on")),
            pain_flags=tuple(PainFlag.from_dict(p) for p in d.get("pain_flags") or ()),
            equipment=tuple(eq) if eq is not None else None,
            equipment_profile=d.get("equipment_profile"),
            focus=d.get("focus"),
            readiness=d.get("readiness"),
            notes=d.get("notes") or "",
        )

    def equipment_today(self, client: ClientState) -> frozenset[str]:
        """Today's list, else the named profile, else the client's first profile, else nothing."""
        if self.equipment is not None:
            return frozenset(self.equipment)
        profiles = client.equipment_profiles
        if self.equipment_profile and self.equipment_profile in profiles:
            return frozenset(profiles[self.equipment_profile])
        if profiles:
            return frozenset(profiles[min(profiles)])
        return frozenset()
