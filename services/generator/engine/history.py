"""Training history (the last six weeks of sessions and logs) and the roadmap position."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .inputs import PainFlag, _date


@dataclass(frozen=True, slots=True)
class LoggedSet:
    reps: int | None
    load_kg: float | None = None
    rpe: float | None = None
    rir: float | None = None
    completed: bool = True
    duration_s: int | None = None

    @property
    def effort_rpe(self) -> float | None:
        if self.rpe is not None:
            return float(self.rpe)
        return 10.0 - self.rir if self.rir is not None else None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LoggedSet:
        return cls(d.get("reps"), d.get("load_kg"), d.get("rpe"), d.get("rir"),
                   bool(d.get("completed", True)), d.get("duration_s"))


@dataclass(frozen=True, slots=True)
class PlannedItem:
    exercise_id: str
    pattern: str | None = None
    sets: int = 0
    reps: int | None = None
    load_kg: float | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PlannedItem:
        return cls(d["exercise_id"], d.get("pattern"), int(d.get("sets") or 0), d.get("reps"),
                   d.get("load_kg"))


@dataclass(frozen=True, slots=True)
class PastSession:
    date: dt.date
    planned: tuple[PlannedItem, ...] = ()  # the main block of the plan
    logged: Mapping[str, tuple[LoggedSet, ...]] = field(default_factory=dict)
    pain_flags: tuple[PainFlag, ...] = ()
    feel: int | None = None
    session_rpe: int | None = None
    focus: str | None = None

    @property
    def was_logged(self) -> bool:
        return bool(self.logged)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> PastSession:
        plan = d.get("plan") or {}
        planned = d.get("planned") or plan.get("main") or ()
        logged_raw = d.get("exercises") or d.get("logged") or ()
        if isinstance(logged_raw, Mapping):
            logged = {k: tuple(LoggedSet.from_dict(s) for s in v) for k, v in logged_raw.items()}
        else:
            logged = {e["exercise_id"]: tuple(LoggedSet.from_dict(s) for s in e.get("sets") or ())
                      for e in logged_raw}
        return cls(
            date=_date(d.get("date") or d.get("performed_on")) or dt.date.min,
            planned=tuple(PlannedItem.from_dict(p) for p in planned),
            logged=logged,
            pain_flags=tuple(PainFlag.from_dict(p) for p in d.get("pain_flags") or ()),
            feel=d.get("feel"), session_rpe=d.get("session_rpe"), focus=d.get("focus"),
        )


@dataclass(frozen=True, slots=True)
class History:
    sessions: tuple[PastSession, ...] = ()  # any order in; kept oldest first

    def __post_init__(self) -> None:
        object.__setattr__(self, "sessions", tuple(sorted(self.sessions, key=lambda s: s.date)))

    @property
    def last(self) -> PastSession | None:
        return self.sessions[-1] if self.sessions else None

    def logs_for(self, exercise_id: str) -> list[tuple[dt.date, tuple[LoggedSet, ...]]]:
        return [(s.date, s.logged[exercise_id]) for s in self.sessions
                if s.logged.get(exercise_id)]

    def within(self, end: dt.date, days: int) -> tuple[PastSession, ...]:
        start = end - dt.timedelta(days=days)
        return tuple(s for s in self.sessions if start <= s.date < end)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | list | None) -> History:
        rows = d.get("sessions", ()) if isinstance(d, Mapping) else (d or ())
        return cls(tuple(PastSession.from_dict(s) for s in rows))


@dataclass(frozen=True, slots=True)
class RoadmapPosition:
    block: Mapping[str, Any]  # a BLOCK of docs/event-catalogue.md
    week: int = 1
    deload: bool = False

    @property
    def kind(self) -> str:
        return str(self.block.get("kind") or "hypertrophy")

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> RoadmapPosition | None:
        if not d:
            return None
        block = d.get("block") or {}
        week = int(d.get("week") or d.get("week_in_block") or 1)
        deload = bool(d.get("deload", block.get("deload_week") == week))
        return cls(block, week, deload)
