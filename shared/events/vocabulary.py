"""The public vocabularies of the HTTP and event contracts (../shared/docs/api-contract.md).

Extend them; never rename a value: API consumers and stored events depend on every spelling.
"""

from __future__ import annotations

from typing import Literal, get_args

Region = Literal[
    "neck", "shoulder", "elbow", "wrist", "hand", "upper_back", "lower_back", "chest",
    "abdomen", "hip", "groin", "hamstring", "quad", "knee", "calf", "shin", "ankle", "foot",
]
Equipment = Literal[
    "barbell", "ez_bar", "trap_bar", "rack", "bench", "plates", "dumbbell", "kettlebell",
    "cable", "machine", "leg_press", "smith_machine", "pullup_bar", "dip_station", "band",
    "suspension_trainer", "medicine_ball", "slam_ball", "landmine", "sled", "box", "step", "mat",
    "foam_roller", "rower", "bike", "ski_erg", "treadmill", "jump_rope",
]
Side = Literal["left", "right", "both"]
InjuryStatus = Literal["active", "managed", "resolved"]
Goal = Literal[
    "strength", "hypertrophy", "fat_loss", "endurance", "mobility", "sport_performance",
    "return_from_injury", "general_fitness",
]
Experience = Literal["beginner", "intermediate", "advanced"]
Focus = Literal["lower", "upper", "full", "push", "pull", "conditioning"]
EffortScale = Literal["rpe", "rir", "percent_1rm"]
ProgressionMethod = Literal[
    "double_progression", "linear", "rpe_autoregulation", "percentage_waves",
]
GeneratorMode = Literal["engine", "llm", "hybrid"]
Role = Literal["admin", "trainer", "analyst", "service"]
ActorKind = Literal["admin", "trainer", "analyst", "service", "system"]
Unit = Literal["kg", "lb"]
SessionStatus = Literal[
    "requested", "generated", "failed", "referred", "approved", "logged", "cancelled",
]

REGIONS: tuple[str, ...] = get_args(Region)
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
GOALS: tuple[str, ...] = get_args(Goal)
FOCUSES: tuple[str, ...] = get_args(Focus)
EFFORT_SCALES: tuple[str, ...] = get_args(EffortScale)
PROGRESSION_METHODS: tuple[str, ...] = get_args(ProgressionMethod)
