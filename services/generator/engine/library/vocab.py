"""Closed vocabularies of the exercise library.

The JSON schema repeats these lists as enums (a unit test keeps the two in step). Injury matching
compares a region's joints and muscles with JOINTS/MUSCLES/POSITIONS, so extend them; never rename.
"""

from __future__ import annotations

from shared.events.vocabulary import EQUIPMENT

PATTERNS: tuple[str, ...] = (
    "squat", "hinge", "lunge", "horizontal_push", "vertical_push", "horizontal_pull",
    "vertical_pull", "carry", "rotation", "anti_extension", "anti_rotation",
    "anti_lateral_flexion", "anti_flexion", "locomotion", "conditioning", "mobility",
    "activation",
)
MUSCLES: tuple[str, ...] = (
    "quads", "hamstrings", "glutes", "adductors", "abductors", "calves", "hip_flexors", "chest",
    "lats", "upper_back", "traps", "rear_delts", "front_delts", "side_delts", "rotator_cuff",
    "biceps", "triceps", "forearms", "abs", "obliques", "lower_back", "neck", "full_body",
)
JOINTS: tuple[str, ...] = (
    "ankle", "knee", "hip", "lumbar_spine", "thoracic_spine", "cervical_spine", "shoulder",
    "elbow", "wrist", "hand", "foot",
)
POSITIONS: tuple[str, ...] = (
    "deep_knee_flexion", "knee_shear", "spinal_flexion_under_load", "axial_loading",
    "overhead_shoulder", "shoulder_extension", "wrist_extension", "impact", "hip_flexion_deep",
    "grip_intensive", "loaded_plantar_flexion",
)
ROLES: tuple[str, ...] = ("main", "accessory", "finisher", "warmup", "cooldown")
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")
LATERALITIES: tuple[str, ...] = ("bilateral", "unilateral", "alternating")
LOAD_TYPES: tuple[str, ...] = (
    "barbell", "dumbbell", "kettlebell", "cable", "machine", "bodyweight", "band", "time",
)
# Equipment that still counts as "no real equipment" when a client trains at home or travels.
MINIMAL_EQUIPMENT: frozenset[str] = frozenset({"band", "mat"})

__all__ = [
    "EQUIPMENT", "JOINTS", "LATERALITIES", "LEVELS", "LOAD_TYPES", "MINIMAL_EQUIPMENT", "MUSCLES",
    "PATTERNS", "POSITIONS", "ROLES",
]
