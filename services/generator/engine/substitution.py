"""Starting loads for a substitute from the lift it replaced (box squat after back squat).

Each group lists lifts with their e1RM relative to the group's reference lift; a substitute's
e1RM is the replaced lift's e1RM x (its ratio / the replaced lift's ratio), never above 1 (a
conservative start: the client has not done the substitute yet). Dumbbell ratios are per hand.
Common coaching rules of thumb, e.g. back squat -> box squat 90 %, bench -> dumbbell bench
2 x 40 %. A pair not in the table gets an effort target only, and the rationale says so.
"""

from __future__ import annotations

from .effort import pct_1rm, round_load
from .families import family
from .progression import session_e1rm

GROUPS: dict[str, dict[str, float]] = {
    "back_squat": {
        "back_squat": 1.0, "low_bar_back_squat": 1.0, "barbell_box_squat": 0.9,
        "pause_back_squat": 0.85, "front_squat": 0.8, "zercher_squat": 0.75,
        "goblet_squat": 0.35, "goblet_box_squat": 0.35, "kettlebell_goblet_squat": 0.35,
        "heels_elevated_goblet_squat": 0.3, "double_kettlebell_front_squat": 0.3,
        "dumbbell_split_squat": 0.25, "dumbbell_bulgarian_split_squat": 0.2,
        "dumbbell_reverse_lunge": 0.22, "barbell_reverse_lunge": 0.5, "dumbbell_step_up": 0.2,
    },
    "conventional_deadlift": {
        "conventional_deadlift": 1.0, "sumo_deadlift": 1.0, "trap_bar_deadlift": 1.0,
        "rack_pull": 1.0, "deficit_deadlift": 0.9, "romanian_deadlift": 0.7,
        "good_morning": 0.45, "dumbbell_romanian_deadlift": 0.3, "kettlebell_deadlift": 0.4,
    },
    "barbell_bench_press": {
        "barbell_bench_press": 1.0, "close_grip_bench_press": 0.9,
        "incline_barbell_bench_press": 0.8, "dumbbell_bench_press": 0.4,
        "neutral_grip_dumbbell_press": 0.38, "dumbbell_floor_press": 0.38,
        "incline_dumbbell_press": 0.35,
    },
    "barbell_overhead_press": {
        "barbell_overhead_press": 1.0, "push_press": 1.0, "seated_dumbbell_shoulder_press": 0.4,
        "standing_dumbbell_shoulder_press": 0.38, "neutral_grip_dumbbell_shoulder_press": 0.38,
        "arnold_press": 0.35, "kettlebell_overhead_press": 0.38,
    },
    "barbell_bent_over_row": {
        "barbell_bent_over_row": 1.0, "pendlay_row": 0.95, "landmine_t_bar_row": 0.8,
        "one_arm_dumbbell_row": 0.45, "chest_supported_dumbbell_row": 0.4,
        "kettlebell_gorilla_row": 0.4,
    },
}
# Held as one weight (goblet, one bell); every other dumbbell or kettlebell ratio is per hand.
ONE_WEIGHT = frozenset({"goblet_squat", "goblet_box_squat", "kettlebell_goblet_squat",
                        "heels_elevated_goblet_squat", "kettlebell_deadlift"})
_GROUP_OF = {ex_id: g for g, members in GROUPS.items() for ex_id in members}


def ratio(source_id: str, target_id: str) -> float | None:
    """Target e1RM as a fraction of the source's, or None for an unknown pair."""
    g = _GROUP_OF.get(source_id)
    if g is None or _GROUP_OF.get(target_id) != g:
        return None
    return min(1.0, GROUPS[g][target_id] / GROUPS[g][source_id])


def _source(ctx, pick):
    """The logged lift this exercise stands in for: the replaced default, else the most recent
    logged lift of the same pattern that the table relates to it or of the same family."""
    ex = pick.exercise
    if pick.replaced is not None and ctx.history.logs_for(pick.replaced.id):
        return pick.replaced
    for ex_id in ctx.sel.recent.get(ex.pattern, []):
        if ex_id == ex.id or not ctx.history.logs_for(ex_id):
            continue
        if ratio(ex_id, ex.id) is not None or family(ctx.library.get(ex_id)) == family(ex):
            return ctx.library.get(ex_id)
    return None


def substitute_load(ctx, pick, reps: int, rpe: float) -> tuple[float | None, list[str]] | None:
    """(load, rationale notes) for an exercise without logs that replaces a logged lift."""
    src = _source(ctx, pick)
    if src is None:
        return None
    ex = pick.exercise
    r = ratio(src.id, ex.id)
    rir = f"{10 - rpe:g}"
    if r is None:
        return None, [(f"{ex.name} replaces {src.name}: no known load ratio between them, so "
                       f"effort target only: pick a load that leaves {rir} reps in reserve")]
    best = session_e1rm(ctx.history.logs_for(src.id)[-1][1])
    if best <= 0:
        return None
    load = round_load(best * r * pct_1rm(reps, rpe) / 100, ex.load_type)
    if load is None:
        return None
    per_hand = " per hand" if ex.load_type in ("dumbbell", "kettlebell") and \
        ex.id not in ONE_WEIGHT else ""
    note = (f"{ex.name}: starting load {load:g} kg{per_hand} from {src.name} e1RM {best:.0f} kg "
            f"x {r:.0%} (substitute ratio), {reps} reps at RPE {rpe:g}, before any pain, "
            "readiness or deload reduction")
    heaviest = ctx.client.preferences.get("heaviest_dumbbell_kg")
    if ex.load_type == "dumbbell" and isinstance(heaviest, (int, float)) and load > heaviest:
        load = float(heaviest)
        note += f"; capped at the heaviest dumbbell, {load:g} kg, so add reps instead"
    elif ex.load_type == "dumbbell":
        note += "; if the dumbbells stop short of it, use the heaviest and add reps"
    return load, [note]
