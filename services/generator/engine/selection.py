"""Choosing one exercise for a slot (pattern + role): the coach's default, then a safe substitute."""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from .eligibility import LEVEL_RANK, Constraints
from .families import STRICT_WANTS, WANTS, family
from .history import History
from .inputs import Methodology
from .regionload import RegionLoad
from .safety import Verdict

# The lifts most coaches default to for a trained client's main slot when nothing says otherwise.
STAPLES = frozenset({"back_squat", "conventional_deadlift", "romanian_deadlift",
                     "trap_bar_deadlift", "barbell_bench_press", "barbell_overhead_press",
                     "barbell_bent_over_row", "pull_up", "goblet_squat", "dumbbell_bench_press"})
LOADED = ("barbell", "dumbbell", "kettlebell", "machine", "cable")
FRIENDLY = {"lower_back": "back_friendly", "upper_back": "back_friendly"}


@dataclass(frozen=True, slots=True)
class Pick:
    exercise: object
    verdict: Verdict
    note: str | None = None  # rationale when the default was replaced
    replaced: object | None = None  # the coach's default when a substitute was taken


def recent_by_pattern(history: History, library) -> dict[str, list[str]]:
    """Exercise ids per pattern, most recently done first (continuity makes progression work)."""
    out: dict[str, list[str]] = {}
    for s in reversed(history.sessions):
        ids = list(s.logged) or [p.exercise_id for p in s.planned]
        for ex_id in ids:
            if ex_id in library:
                lst = out.setdefault(library.get(ex_id).pattern, [])
                if ex_id not in lst:
                    lst.append(ex_id)
    return out


class Selector:
    def __init__(self, library, cons: Constraints, methodology: Methodology, history: History,
                 rng: random.Random, block_kind: str) -> None:
        self.lib = library
        self.cons = cons
        self.preferred = set(methodology.preferred_exercises)
        self.recent = recent_by_pattern(history, library)
        self.rng = rng
        self.kind = block_kind
        self.used: set[str] = set()
        self.families: set[str] = set()  # main-work families already in the session
        # Fewest reps an exercise must allow per role (an accessory never drops below the block).
        self.min_reps: dict[str, int] = {}
        self._verdicts: dict[str, Verdict] = {}
        self.region_load = RegionLoad(cons.limits)

    def verdict(self, ex) -> Verdict:
        v = self._verdicts.get(ex.id)
        if v is None:
            v = self._verdicts[ex.id] = self.cons.verdict(ex)
        return v

    def _score(self, ex, role: str) -> float:
        score = self.rng.random() * 0.6  # seeded variety between equally good options
        if ex.id in self.preferred:
            score += 5
        recent = self.recent.get(ex.pattern, [])
        if ex.id in recent:
            score += 4 - min(recent.index(ex.id), 3)
        gap = LEVEL_RANK[self.cons.experience] - LEVEL_RANK.get(ex.level, 1)
        score += 1 if gap == 0 else 0.5 if gap == 1 else 0
        jumpy = bool({"plyometric", "ballistic"} & set(ex.tags))
        if jumpy and self.kind != "power":
            score -= 3  # jumps are power work, not a hypertrophy or strength main lift
        if role == "main":
            score += 2 * ex.compound + 1.5 * (ex.load_type in ("barbell", "dumbbell", "kettlebell"))
            score += 1.0 * (ex.load_type == "machine")  # a leg press beats a bodyweight squat
            score += 0.7 * (ex.id in STAPLES)  # variety beyond the staples is the coach's call
            if self.kind in ("strength", "power") and ex.load_type == "barbell":
                score += 1.5
        elif ex.pattern.endswith(("_pull", "_push")) and ex.compound:
            score += 1.5  # rows and presses before curls and extensions
        if role == "accessory" and ex.compound and ex.load_type in LOADED and \
                self.cons.experience != "beginner":
            score += 1  # a trained client gets loaded accessories when the kit allows
        if self.kind == "power" and "plyometric" in ex.tags:
            score += 1
        if self.kind in ("foundation", "return_to_training") and (
                "supported" in ex.tags or ex.load_type in ("machine", "dumbbell", "bodyweight")):
            score += 1
        return score

    def _fits(self, ex, role: str) -> bool:
        if ex.id in self.used or family(ex) in self.families:
            return False
        if ex.reps and ex.reps[1] < self.min_reps.get(role, 0):
            return False
        return role in ex.roles or (role == "accessory" and "main" in ex.roles)

    def release(self, exercise_id: str) -> None:
        """Give back an exercise (and its family) the session did not keep."""
        self.used.discard(exercise_id)
        self.region_load.release(exercise_id)
        if exercise_id in self.lib:
            self.families.discard(family(self.lib.get(exercise_id)))

    def choose(self, pattern: str, role: str, exclude: frozenset[str] = frozenset(),
               want: str | None = None) -> tuple[Pick | None, str | None]:
        """(pick, None) or (None, why nothing of this pattern can be done today).

        want names a slot preference (families.WANTS); it narrows the pool when it can."""
        pool = [e for e in self.lib.by_pattern(pattern) if self._fits(e, role) and e.id not in exclude]
        static_ok = [e for e in pool if self.cons.static_reason(e) is None]
        if want:
            wanted = [e for e in static_ok if WANTS[want](e)]
            if any(self._ok(e) for e in wanted):
                static_ok = wanted
            elif want in STRICT_WANTS:
                return None, f"no {want.replace('_', ' ')} option fits today"
        if not static_ok:
            return None, f"no {pattern.replace('_', ' ')} exercise fits today's equipment and level"
        ranked = sorted(static_ok, key=lambda e: (-self._score(e, role), e.id))
        default = ranked[0]
        v = self.verdict(default)
        second = v.allowed and self.region_load.second_hit(default)
        if second:
            v = Verdict(False, second)
        if v.allowed:
            return self._take(default, v, self._equipment_note(pattern, default)), None
        # The best safe alternative: close on the regression ladder, friendly to the sore region,
        # and as similar as possible in loading and role to what the coach would have chosen.
        ladder = self._ladder(default)
        friendly = {FRIENDLY.get(r, f"{r}_friendly") for r in self.cons.limits}
        options = [e for e in ranked[1:] if self._ok(e)]
        if not options and role == "main":
            options = [e for e in self.lib.by_pattern(pattern) if self._fits(e, "accessory")
                       and e.id not in exclude and self.cons.static_reason(e) is None
                       and self._ok(e)]
        if not options:
            return None, v.reason
        # Another variant of the same lift is only a real substitute when it is made for the sore
        # region (box squat for a knee); a low-bar squat for a blocked back squat is not.
        if friendly and default.id not in self.cons.pained:
            fam = family(default)
            options = [e for e in options if family(e) != fam or friendly & set(e.tags)] or options

        keep_load = default.load_type in LOADED and self.cons.experience != "beginner"

        def fit(e) -> tuple[float, str]:
            score = self._score(e, role) + (5 - ladder[e.id] if e.id in ladder else 0)
            score += 2 * len(friendly & set(e.tags)) + (e.load_type == default.load_type)
            score += (e.compound == default.compound) + (role in e.roles)
            if keep_load and e.load_type in LOADED:
                score += 1.5  # a trained client replacing a loaded lift still wants load
            return -score, e.id

        best = min(options, key=fit)
        return self._take(best, self.verdict(best),
                          f"Replaced {default.name} with {best.name}: {v.reason}", default), None

    def _ok(self, ex) -> bool:
        return self.verdict(ex).allowed and self.region_load.second_hit(ex) is None

    def _ladder(self, root) -> dict[str, int]:
        """Regressions of an exercise (and theirs) with their distance, up to four steps."""
        depth: dict[str, int] = {}
        queue = deque((r, 1) for r in root.regressions)
        while queue:
            ex_id, d = queue.popleft()
            if ex_id in depth or ex_id not in self.lib or d > 4:
                continue
            depth[ex_id] = d
            queue.extend((r, d + 1) for r in self.lib.get(ex_id).regressions)
        return depth

    def _take(self, ex, v: Verdict, note: str | None, replaced=None) -> Pick:
        self.used.add(ex.id)
        self.families.add(family(ex))
        self.region_load.mark(ex)
        return Pick(ex, v, note, replaced)

    def _equipment_note(self, pattern: str, chosen) -> str | None:
        for ex_id in self.recent.get(pattern, [])[:1]:
            last = self.lib.get(ex_id)
            if last.id != chosen.id and not self.cons.available(last):
                missing = ", ".join(sorted(set(last.equipment) - self.cons.equipment))
                return f"{chosen.name} instead of {last.name}: no {missing} today"
        return None
