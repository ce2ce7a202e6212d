"""Red flags: phrases in pain notes, today's notes or an active injury that stop the session
and refer the client to a clinician (programming-knowledge.md, pain and injury heuristics)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .inputs import ClientState, Today

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
