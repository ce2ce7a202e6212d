"""Pain and injury rules: region -> joints/muscles/positions, severity bands, red flags.

Matching rule (programming-knowledge.md): a region's muscles among an exercise's primary muscles,
or one of the region's aggravating positions, is a primary hit; the region's joints among the
loaded joints, or its muscles among the secondary muscles, is a secondary hit. Severity 1-3 keeps
the exercise but modifies it, 4-6 blocks primary hits, 7+ blocks any hit (the region is not loaded).
"""

from __future__ import annotations

from dataclasses import dataclass

from .inputs import ClientState, Today
from .referral import RED_FLAGS, Referral, detect_referral, red_flags_in  # noqa: F401 re-exported


@dataclass(frozen=True, slots=True)
class RegionMap:
    joints: frozenset[str]
    muscles: frozenset[str]
    positions: frozenset[str]
    # Tags that stay off the menu at any severity (jumps with a sore knee, and so on).
    avoid_tags: frozenset[str] = frozenset()


def _r(joints: str, muscles: str, positions: str, avoid: str = "") -> RegionMap:
    return RegionMap(frozenset(joints.split()), frozenset(muscles.split()),
                     frozenset(positions.split()), frozenset(avoid.split()))


_LEG_IMPACT = "plyometric"
REGION_MAP: dict[str, RegionMap] = {
    "neck": _r("cervical_spine", "neck", "axial_loading"),
    "shoulder": _r("shoulder", "front_delts side_delts rear_delts rotator_cuff",
                   "overhead_shoulder shoulder_extension", "behind_neck upright_row"),
    "elbow": _r("elbow", "biceps triceps", ""),
    "wrist": _r("wrist", "forearms", "wrist_extension"),
    "hand": _r("hand", "forearms", "grip_intensive"),
    "upper_back": _r("thoracic_spine", "upper_back traps", ""),
    "lower_back": _r("lumbar_spine", "lower_back", "spinal_flexion_under_load axial_loading"),
    "chest": _r("", "chest", ""),
    "abdomen": _r("", "abs obliques", "spinal_flexion_under_load"),
    "hip": _r("hip", "glutes hip_flexors", "hip_flexion_deep"),
    "groin": _r("", "adductors hip_flexors", "hip_flexion_deep"),
    "hamstring": _r("", "hamstrings", ""),
    "quad": _r("", "quads", ""),
    "knee": _r("knee", "", "deep_knee_flexion knee_shear impact", _LEG_IMPACT),
    "calf": _r("", "calves", "impact", _LEG_IMPACT),
    "shin": _r("", "", "impact", _LEG_IMPACT),
    # Calf raises load the Achilles, the ankle and the forefoot through their whole range.
    "ankle": _r("ankle", "", "impact loaded_plantar_flexion", _LEG_IMPACT),
    "foot": _r("foot", "", "impact loaded_plantar_flexion", _LEG_IMPACT),
}

@dataclass(frozen=True, slots=True)
class RegionLimit:
    region: str
    severity: int
    source: str  # a phrase for the rationale, e.g. "left knee pain 5/10 today"
    side: str | None = None


def _where(region: str, side: str | None) -> str:
    """"left knee", "both knees" or "knee": the side is named so the trainer sees which one.
    Bilateral lifts load both sides, so the side does not relax any rule here."""
    name = region.replace("_", " ")
    if side in ("left", "right"):
        return f"{side} {name}"
    return f"{name} (both sides)" if side == "both" else name


def region_limits(client: ClientState, today: Today) -> dict[str, RegionLimit]:
    """The worst current severity per region from active/managed injuries and today's pain."""
    limits: dict[str, RegionLimit] = {}

    def add(region: str, severity: int, source: str, side: str | None = None) -> None:
        if severity <= 0 or region not in REGION_MAP:
            return
        prev = limits.get(region)
        if prev is not None and prev.side != side:
            side = "both"  # hurt on two sides (or unknown on one): neither side is healthy
        if prev is None or severity > prev.severity:
            limits[region] = RegionLimit(region, severity, source, side)
        elif side != prev.side:
            limits[region] = RegionLimit(region, prev.severity, prev.source, side)

    for inj in client.injuries:
        where = _where(inj.region, inj.side)
        if inj.status == "active":
            add(inj.region, inj.severity, f"{where} injury {inj.severity}/10", inj.side)
        elif inj.status == "managed":
            # A managed injury still gets the low-severity care: keep the pattern, modify.
            sev = min(inj.severity, 3)
            add(inj.region, sev, f"managed {where} injury", inj.side)
    for p in today.pain_flags:
        add(p.region, p.severity, f"{_where(p.region, p.side)} pain {p.severity}/10 today",
            p.side)
    return limits


def hit(exercise, region: str) -> str | None:
    """'primary', 'secondary' or None for one exercise against one region."""
    m = REGION_MAP[region]
    if m.muscles & set(exercise.primary_muscles) or m.positions & set(exercise.positions):
        return "primary"
    if m.joints & set(exercise.loaded_joints) or m.muscles & set(exercise.secondary_muscles):
        return "secondary"
    return None


# Limb regions where one side can rest while the other trains (not the spine or the trunk).
LIMB_REGIONS = frozenset({"shoulder", "elbow", "wrist", "hand", "hip", "groin", "hamstring",
                          "quad", "knee", "calf", "shin", "ankle", "foot"})
CARE_PATTERNS = frozenset({"activation", "mobility"})


def is_care_drill(exercise, region: str) -> bool:
    """Light drills made for a region (band external rotation for a sore shoulder) stay allowed
    up to severity 6: the heuristics ask for them, as long as no aggravating position is used."""
    return (exercise.pattern in CARE_PATTERNS and f"{region}_health" in exercise.tags
            and not REGION_MAP[region].positions & set(exercise.positions))


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    reason: str = ""
    load_factor: float = 1.0
    modify: tuple[str, ...] = ()  # rationale phrases for modified-but-kept exercises
    only_side: str | None = None  # healthy-side work: train this side only


def _healthy_side(exercise, lim: RegionLimit) -> str | None:
    """The side a strictly one-sided exercise may train around a one-sided limb limit."""
    if exercise.laterality != "unilateral" or lim.side not in ("left", "right") or \
            lim.region not in LIMB_REGIONS or lim.severity > 6:
        return None
    return "right" if lim.side == "left" else "left"


def judge(exercise, limits: dict[str, RegionLimit], healthy_side: bool = False) -> Verdict:
    """Whether an exercise may be programmed given the region limits, and how to modify it.

    healthy_side (an explicit client flag, off by default): a one-sided exercise that loads a
    one-sided limb limit of severity 4-6 directly is kept for the other side only."""
    factor = 1.0
    notes: list[str] = []
    only: str | None = None
    for region, lim in limits.items():
        if REGION_MAP[region].avoid_tags & set(exercise.tags):
            tags = ", ".join(sorted(REGION_MAP[region].avoid_tags & set(exercise.tags)))
            return Verdict(False, f"{lim.source}: no {tags} work")
        h = hit(exercise, region)
        if h is None:
            continue
        if lim.severity >= 7:
            return Verdict(False, f"{lim.source}: not loading the {region.replace('_', ' ')}")
        if is_care_drill(exercise, region):
            notes.append(f"{lim.source}: {exercise.name} is care work for it, keep it light")
            continue
        if lim.severity >= 4 and h == "primary":
            other = _healthy_side(exercise, lim) if healthy_side else None
            if other is None:
                return Verdict(False, f"{lim.source}: {exercise.name} loads it directly")
            only = other
            notes.append(f"{lim.source}: {exercise.name} on the {other} side only (the trainer "
                         "allows healthy-side single-leg work)")
            continue
        if lim.severity >= 4:
            factor = min(factor, 0.85)
            notes.append(f"{lim.source}: load reduced, monitor")
        elif h == "primary":
            factor = min(factor, 0.85)
            notes.append(f"{lim.source}: kept with less load and a slower tempo")
        else:
            factor = min(factor, 0.95)
            notes.append(f"{lim.source}: monitor")
    return Verdict(True, "", factor, tuple(notes), only)
