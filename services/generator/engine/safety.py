"""Pain and injury rules: region -> joints/muscles/positions, severity bands, red flags.

Matching rule (programming-knowledge.md): a region's muscles among an exercise's primary muscles,
or one of the region's aggravating positions, is a primary hit; the region's joints among the
loaded joints, or its muscles among the secondary muscles, is a secondary hit. Severity 1-3 keeps
the exercise but modifies it, 4-6 blocks primary hits, 7+ blocks any hit (the region is not loaded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .inputs import ClientState, Today


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
    "ankle": _r("ankle", "", "impact", _LEG_IMPACT),
    "foot": _r("foot", "", "impact", _LEG_IMPACT),
}

RED_FLAGS: tuple[tuple[str, str], ...] = (
    (r"sudden\s+(sharp\s+)?pain|sharp\s+sudden\s+pain", "sudden sharp pain"),
    (r"\b(pop|popped|popping|snap|snapped|snapping)\b", "a pop or snap"),
    (r"(rapid|sudden|fast|quick)\w*\s+swell|swell\w*\s+(up\s+)?(rapidly|quickly|fast)",
     "rapid swelling"),
    (r"(can(no|')?t|cannot|unable\s+to)\s+(bear|put|take)\s+(any\s+)?weight", "cannot bear weight"),
    (r"numb", "numbness"),
    (r"tingl|pins\s+and\s+needles", "tingling"),
    (r"radiat|shoot\w*\s+(pain\s+)?down", "radiating pain"),
    (r"chest\s+pain|chest\s+tight", "chest pain"),
    (r"dizz|light-?headed|vertigo", "dizziness"),
    (r"faint|passed\s+out|blacked\s+out|syncope", "fainting"),
)
_NEGATION = re.compile(r"\b(no|not|without|denies|never|nor)\b[\w\s,]{0,25}$")


@dataclass(frozen=True, slots=True)
class Referral:
    reason: str
    referral: str

    def to_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "referral": self.referral}


def red_flags_in(text: str) -> list[str]:
    """Red-flag phrases in free text, skipping negated mentions ("no numbness")."""
    found: list[str] = []
    lowered = text.lower()
    for pattern, label in RED_FLAGS:
        for m in re.finditer(pattern, lowered):
            if not _NEGATION.search(lowered[max(0, m.start() - 40):m.start()]):
                found.append(label)
                break
    return found


def detect_referral(client: ClientState, today: Today) -> Referral | None:
    sources: list[tuple[str, str]] = [(f"today's {p.region} pain flag", p.note)
                                      for p in today.pain_flags]
    sources.append(("today's notes", today.notes))
    sources += [(f"the active {i.region} injury", i.description)
                for i in client.injuries if i.status == "active"]
    for where, text in sources:
        flags = red_flags_in(text or "")
        if flags:
            what = ", ".join(flags)
            return Referral(
                reason=f"Red flag in {where}: {what} (\"{text.strip()[:120]}\")",
                referral=(f"{what.capitalize()} reported. Do not train today; refer the client to a "
                          "doctor or physiotherapist for assessment before the next session. "
                          "Seek urgent care for chest pain, fainting or loss of sensation."),
            )
    return None


@dataclass(frozen=True, slots=True)
class RegionLimit:
    region: str
    severity: int
    source: str  # a phrase for the rationale, e.g. "knee pain 5/10 today"


def region_limits(client: ClientState, today: Today) -> dict[str, RegionLimit]:
    """The worst current severity per region from active/managed injuries and today's pain."""
    limits: dict[str, RegionLimit] = {}

    def add(region: str, severity: int, source: str) -> None:
        if severity <= 0 or region not in REGION_MAP:
            return
        if region not in limits or severity > limits[region].severity:
            limits[region] = RegionLimit(region, severity, source)

    for inj in client.injuries:
        if inj.status == "active":
            add(inj.region, inj.severity, f"{inj.region.replace('_', ' ')} injury {inj.severity}/10")
        elif inj.status == "managed":
            # A managed injury still gets the low-severity care: keep the pattern, modify.
            sev = min(inj.severity, 3)
            add(inj.region, sev, f"managed {inj.region.replace('_', ' ')} injury")
    for p in today.pain_flags:
        add(p.region, p.severity, f"{p.region.replace('_', ' ')} pain {p.severity}/10 today")
    return limits


def hit(exercise, region: str) -> str | None:
    """'primary', 'secondary' or None for one exercise against one region."""
    m = REGION_MAP[region]
    if m.muscles & set(exercise.primary_muscles) or m.positions & set(exercise.positions):
        return "primary"
    if m.joints & set(exercise.loaded_joints) or m.muscles & set(exercise.secondary_muscles):
        return "secondary"
    return None


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


def judge(exercise, limits: dict[str, RegionLimit]) -> Verdict:
    """Whether an exercise may be programmed given the region limits, and how to modify it."""
    factor = 1.0
    notes: list[str] = []
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
            return Verdict(False, f"{lim.source}: {exercise.name} loads it directly")
        if lim.severity >= 4:
            factor = min(factor, 0.85)
            notes.append(f"{lim.source}: load reduced, monitor")
        elif h == "primary":
            factor = min(factor, 0.85)
            notes.append(f"{lim.source}: kept with less load and a slower tempo")
        else:
            factor = min(factor, 0.95)
            notes.append(f"{lim.source}: monitor")
    return Verdict(True, "", factor, tuple(notes))
