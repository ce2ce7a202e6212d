"""Session templates per focus: the slots a coach fills, in order, before accessories.

A slot is (pattern, role, want): want (families.WANTS) steers the pick inside the pattern, e.g.
a hamstring curl rather than a second deadlift on a lower day. The structural slots keep their
order; the accessories after them are ordered by what the week has trained least.
"""

from __future__ import annotations

from typing import Any

Slot = tuple[str, str, str | None]

TEMPLATES: dict[str, tuple[tuple[Slot, ...], tuple[Slot, ...]]] = {
    # focus: (structural slots in order, accessories)
    "lower": ((("squat", "main", "compound"), ("hinge", "main", "compound"),
               ("lunge", "accessory", "single_leg")),
              (("hinge", "accessory", "hamstring_curl"), ("hinge", "accessory", "hip_thrust"),
               ("activation", "accessory", "calves"), ("anti_extension", "accessory", None), ("anti_lateral_flexion", "accessory", None),
               ("carry", "accessory", None), ("anti_rotation", "accessory", None))),
    "upper": ((("horizontal_push", "main", "compound"), ("horizontal_pull", "main", "compound"),
               ("vertical_push", "accessory", "compound"),
               ("vertical_pull", "accessory", "compound")),
              (("horizontal_pull", "accessory", "rear_delt"),
               ("horizontal_pull", "accessory", "biceps"), ("vertical_push", "accessory", "triceps"),
               ("anti_rotation", "accessory", None), ("carry", "accessory", None),
               ("anti_extension", "accessory", None))),
    "full": ((("squat", "main", "compound"), ("horizontal_pull", "main", "compound"),
              ("horizontal_push", "accessory", "compound"), ("lunge", "accessory", "single_leg")),
             (("anti_extension", "accessory", None), ("vertical_pull", "accessory", "compound"),
              ("hinge", "accessory", "hip_thrust"), ("vertical_push", "accessory", "compound"),
              ("carry", "accessory", None), ("anti_rotation", "accessory", None))),
    "push": ((("horizontal_push", "main", "compound"), ("horizontal_pull", "main", "compound"),
              ("vertical_push", "accessory", "compound"), ("vertical_pull", "accessory", None)),
             (("horizontal_pull", "accessory", "rear_delt"), ("vertical_push", "accessory", "triceps"),
              ("horizontal_push", "accessory", None), ("anti_extension", "accessory", None),
              ("carry", "accessory", None))),
    "pull": ((("vertical_pull", "main", "compound"), ("horizontal_pull", "main", "compound"),
              ("hinge", "accessory", "hamstring_curl")),
             (("horizontal_pull", "accessory", "biceps"), ("carry", "accessory", None),
              ("anti_extension", "accessory", None), ("horizontal_pull", "accessory", "rear_delt"),
              ("anti_rotation", "accessory", None))),
    "conditioning": ((("conditioning", "main", None),),
                     (("squat", "accessory", None), ("horizontal_pull", "accessory", None),
                      ("carry", "accessory", None), ("conditioning", "accessory", None),
                      ("hinge", "accessory", None), ("locomotion", "accessory", None),
                      ("anti_rotation", "accessory", None))),
}
MAX_EXERCISES = 9
# Extra accessory patterns when restrictions empty today's usual slots (knee 7/10 on leg day).
FILL = ("horizontal_pull", "vertical_pull", "anti_extension", "horizontal_push",
        "anti_lateral_flexion", "anti_rotation", "anti_flexion", "rotation", "carry",
        "vertical_push", "hinge", "squat", "lunge", "horizontal_pull", "vertical_pull")


def slots_for(focus: str, week_counts: Any) -> list[Slot]:
    structural, accessories = TEMPLATES.get(focus, TEMPLATES["full"])
    structural = list(structural)
    if focus == "full" and week_counts["hinge"] < week_counts["squat"]:
        # Full body leads with whichever of squat and hinge the week has trained less.
        structural[0] = ("hinge", "main", "compound")
        accessories = tuple(("squat", "accessory", "compound") if s[0] == "hinge" else s
                            for s in accessories)
    # Accessories: the patterns the week has trained least come first (stable for ties).
    rest = sorted(accessories, key=lambda s: week_counts[s[0]] // 6)
    return structural + rest
