"""Which exercises may appear in today's plan: equipment, banned list, level, injuries and pain."""

from __future__ import annotations

from dataclasses import dataclass

from .history import History
from .inputs import ClientState, Methodology, PainFlag, Today
from .safety import RegionLimit, Verdict, judge, region_limits

LEVEL_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2}


def level_ok(exercise_level: str, experience: str) -> bool:
    return LEVEL_RANK.get(exercise_level, 1) <= LEVEL_RANK.get(experience, 1)


def pained_exercises(history: History) -> dict[str, PainFlag]:
    """Exercises whose most recent appearance came with a pain flag naming them."""
    out: dict[str, PainFlag] = {}
    seen: set[str] = set()
    for s in reversed(history.sessions):
        done = set(s.logged) | {p.exercise_id for p in s.planned}
        flagged = {p.exercise_id: p for p in s.pain_flags if p.exercise_id and p.severity > 0}
        for ex_id in done | set(flagged):
            if ex_id in seen:
                continue
            seen.add(ex_id)
            if ex_id in flagged:
                out[ex_id] = flagged[ex_id]
    return out


@dataclass(frozen=True)
class Constraints:
    equipment: frozenset[str]
    banned: frozenset[str]
    experience: str
    limits: dict[str, RegionLimit]
    pained: dict[str, PainFlag]
    healthy_side: bool = False  # client preference "healthy_side_unilateral", off by default

    @classmethod
    def build(cls, methodology: Methodology, client: ClientState, today: Today,
              history: History | None = None) -> Constraints:
        return cls(
            equipment=today.equipment_today(client),
            banned=frozenset(methodology.banned_exercises),
            experience=client.experience,
            limits=region_limits(client, today),
            pained=pained_exercises(history) if history else {},
            healthy_side=client.preferences.get("healthy_side_unilateral") is True,
        )

    def available(self, exercise) -> bool:
        return set(exercise.equipment) <= self.equipment

    def static_reason(self, exercise) -> str | None:
        """Why an exercise is off the menu regardless of pain (None if it is not)."""
        if exercise.id in self.banned:
            return f"{exercise.name} is on the trainer's banned list"
        if not self.available(exercise):
            missing = sorted(set(exercise.equipment) - self.equipment)
            return f"{exercise.name} needs {', '.join(missing)}, not available today"
        if not level_ok(exercise.level, self.experience):
            return f"{exercise.name} is {exercise.level}-level, client is {self.experience}"
        return None

    def verdict(self, exercise, *, allow_pained: bool = False) -> Verdict:
        reason = self.static_reason(exercise)
        if reason:
            return Verdict(False, reason)
        if not allow_pained and exercise.id in self.pained:
            p = self.pained[exercise.id]
            return Verdict(False, f"{p.region.replace('_', ' ')} pain {p.severity}/10 during "
                                  f"{exercise.name} last time")
        return judge(exercise, self.limits, self.healthy_side)
