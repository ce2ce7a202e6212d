"""One exercise per session that loads a mildly sore region directly.

Severity 1-3 keeps exercises that hit the region as a primary hit, with less load and a slower
tempo; a coach still would not stack a second one on top (back squat then split squat on a sore
knee, bench press then overhead press on a sore shoulder). The second is substituted or skipped.
"""

from __future__ import annotations

from .safety import RegionLimit, hit


class RegionLoad:
    def __init__(self, limits: dict[str, RegionLimit]) -> None:
        # Only mild limits: 4+ already blocks every primary hit.
        self.limits = {r: lim for r, lim in limits.items() if lim.severity <= 3}
        self.taken: dict[str, dict[str, str]] = {r: {} for r in self.limits}  # region -> id: name

    def second_hit(self, exercise) -> str | None:
        """Why the exercise would be a second direct hit on a sore region today (None if not)."""
        for region, lim in self.limits.items():
            others = {i: n for i, n in self.taken[region].items() if i != exercise.id}
            if others and hit(exercise, region) == "primary":
                first = next(iter(others.values()))
                return (f"{lim.source}: {first} already loads it directly; one such exercise "
                        "per session")
        return None

    def mark(self, exercise) -> None:
        for region in self.limits:
            if hit(exercise, region) == "primary":
                self.taken[region].setdefault(exercise.id, exercise.name)

    def release(self, exercise_id: str) -> None:
        for taken in self.taken.values():
            taken.pop(exercise_id, None)
