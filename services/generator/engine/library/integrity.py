"""Cross-checks the JSON schema cannot express: links, uniqueness, ladders, ranges.

Pure functions over already-built Exercise objects; each returns human-readable problems
(an empty list means the library is sound) so a loader can report them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .model import Exercise
from .vocab import LEVELS, PATTERNS

Link = tuple[str, str]  # (easier id, harder id)


def ladder_links(exercises: Iterable[Exercise]) -> set[Link]:
    """Every (easier, harder) pair named from either side."""
    links: set[Link] = set()
    for exercise in exercises:
        links.update((exercise.id, harder) for harder in exercise.progressions)
        links.update((easier, exercise.id) for easier in exercise.regressions)
    return links


def check_uniqueness(exercises: Sequence[Exercise]) -> list[str]:
    problems: list[str] = []
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for exercise in exercises:
        if exercise.id in seen_ids:
            problems.append(f"duplicate id {exercise.id}")
        name_key = " ".join(exercise.name.lower().split())
        if name_key in seen_names:
            problems.append(f"duplicate name {exercise.name!r}")
        seen_ids.add(exercise.id)
        seen_names.add(name_key)
    return problems


def check_links(exercises: Sequence[Exercise]) -> list[str]:
    """Links resolve, are not self-links, and appear on both ends."""
    by_id = {exercise.id: exercise for exercise in exercises}
    problems: list[str] = []
    for exercise in exercises:
        for kind, targets in (("regression", exercise.regressions),
                              ("progression", exercise.progressions)):
            for target in targets:
                if target == exercise.id:
                    problems.append(f"{exercise.id} lists itself as a {kind}")
                elif target not in by_id:
                    problems.append(f"{exercise.id}: unknown {kind} {target}")
                elif kind == "regression" and exercise.id not in by_id[target].progressions:
                    problems.append(f"{target} lacks progression {exercise.id} (asymmetric)")
                elif kind == "progression" and exercise.id not in by_id[target].regressions:
                    problems.append(f"{target} lacks regression {exercise.id} (asymmetric)")
        both = set(exercise.regressions) & set(exercise.progressions)
        if both:
            problems.append(f"{exercise.id}: {sorted(both)} both easier and harder")
    return problems


def check_ladders(
    exercises: Sequence[Exercise], cross_pattern_links: Mapping[Link, str]
) -> list[str]:
    """Ladders are acyclic, never get easier going up, and stay in one pattern unless excused."""
    by_id = {exercise.id: exercise for exercise in exercises}
    links = {(a, b) for a, b in ladder_links(exercises) if a in by_id and b in by_id}
    problems: list[str] = []
    for easier, harder in sorted(links):
        lower, upper = by_id[easier], by_id[harder]
        if lower.pattern != upper.pattern and (easier, harder) not in cross_pattern_links:
            problems.append(f"{easier} -> {harder} crosses patterns without a documented reason")
        if LEVELS.index(upper.level) < LEVELS.index(lower.level):
            problems.append(f"{harder} is rated easier than its regression {easier}")
    for easier, harder in cross_pattern_links:
        if (easier, harder) not in links:
            problems.append(f"documented cross-pattern link {easier} -> {harder} does not exist")
    problems.extend(_cycles(links))
    return problems


def _cycles(links: set[Link]) -> list[str]:
    harder_of: dict[str, list[str]] = {}
    for easier, harder in links:
        harder_of.setdefault(easier, []).append(harder)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: str) -> str | None:
        state[node] = 1
        for nxt in harder_of.get(node, ()):
            if state.get(nxt) == 1:
                return nxt
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        state[node] = 2
        return None

    for start in sorted(harder_of):
        if start not in state and (found := visit(start)) is not None:
            return [f"ladder cycle through {found}"]
    return []


def check_doses(exercises: Sequence[Exercise]) -> list[str]:
    problems: list[str] = []
    for exercise in exercises:
        if (exercise.reps is None) == (exercise.duration_s is None):
            problems.append(f"{exercise.id}: set exactly one of reps and duration_s")
        for label, dose in (("reps", exercise.reps), ("duration_s", exercise.duration_s)):
            if dose is not None and not 0 < dose[0] <= dose[1]:
                problems.append(f"{exercise.id}: {label} range {dose} is not 0 < min <= max")
        if exercise.load_type == "time" and exercise.duration_s is None:
            problems.append(f"{exercise.id}: load_type time needs duration_s")
        if set(exercise.primary_muscles) & set(exercise.secondary_muscles):
            problems.append(f"{exercise.id}: a muscle is both primary and secondary")
        # jumps and landings must be findable by a knee rule that only looks at positions
        if "plyometric" in exercise.tags and "impact" not in exercise.positions:
            problems.append(f"{exercise.id}: a plyometric exercise needs position impact")
    return problems


def easier_closure(exercise: Exercise, by_id: Mapping[str, Exercise]) -> list[Exercise]:
    """The exercise and everything reachable from it by following regressions."""
    found: dict[str, Exercise] = {}
    stack = [exercise]
    while stack:
        current = stack.pop()
        if current.id in found:
            continue
        found[current.id] = current
        stack.extend(by_id[r] for r in current.regressions if r in by_id)
    return list(found.values())


def check_pattern_coverage(exercises: Sequence[Exercise]) -> list[str]:
    """Every pattern exists and reaches a band/mat/no-equipment option by regressing its lifts."""
    by_id = {exercise.id: exercise for exercise in exercises}
    problems: list[str] = []
    for pattern in PATTERNS:
        members = [e for e in exercises if e.pattern == pattern]
        if not members:
            problems.append(f"pattern {pattern} has no exercises")
            continue
        equipped = [e for e in members if not e.bodyweight_friendly]
        reaches = not equipped or any(
            candidate.bodyweight_friendly
            for start in equipped
            for candidate in easier_closure(start, by_id)
            if candidate.pattern == pattern
        )
        if not reaches:
            problems.append(f"pattern {pattern}: no equipped lift regresses to a bodyweight option")
    return problems


# Machine cardio (rower, bike, ski erg, sled) has no equipment-free "easier version"; without the
# machine the engine picks a bodyweight interval of the same pattern instead of regressing.
MAIN_LADDER_EXEMPT_PATTERNS: frozenset[str] = frozenset({"conditioning"})


def check_main_lifts_regress_to_bodyweight(exercises: Sequence[Exercise]) -> list[str]:
    """Every equipped main lift can be regressed, within its pattern, to a band/mat/no-kit option."""
    by_id = {exercise.id: exercise for exercise in exercises}
    problems: list[str] = []
    for exercise in exercises:
        if ("main" not in exercise.roles or exercise.bodyweight_friendly
                or exercise.pattern in MAIN_LADDER_EXEMPT_PATTERNS):
            continue
        if not any(c.bodyweight_friendly and c.pattern == exercise.pattern
                   for c in easier_closure(exercise, by_id)):
            problems.append(f"{exercise.id}: no band/mat/bodyweight regression in its pattern")
    return problems


def check_all(
    exercises: Sequence[Exercise], cross_pattern_links: Mapping[Link, str]
) -> list[str]:
    return [
        *check_uniqueness(exercises),
        *check_links(exercises),
        *check_ladders(exercises, cross_pattern_links),
        *check_doses(exercises),
        *check_pattern_coverage(exercises),
        *check_main_lifts_regress_to_bodyweight(exercises),
    ]
