"""Coaching cues in the trainer's voice: wording choices keyed off words in the methodology's voice.

Deterministic: every choice is indexed by the exercise id's position in a fixed list, never random.
"""

from __future__ import annotations

import zlib

VOICES: dict[str, tuple[str, ...]] = {
    "direct": ("direct", "blunt", "concise", "short", "no-nonsense", "no nonsense", "terse",
               "military", "strict", "drill"),
    "encouraging": ("encourag", "supportive", "positive", "warm", "friendly", "kind", "upbeat",
                    "motivat"),
    "technical": ("technical", "scientific", "evidence", "detailed", "precise", "analytical"),
    "calm": ("calm", "mindful", "gentle", "patient", "relaxed"),
    "playful": ("playful", "fun", "humor", "humour", "joking", "cheeky"),
}
_ENCOURAGE = ("you've got this", "nice and smooth", "own every rep", "strong and steady")
_PLAYFUL = ("Make it look easy: ", "Show-off rep time: ", "No drama: ")


def voice_styles(voice: str) -> frozenset[str]:
    text = voice.lower()
    return frozenset(style for style, words in VOICES.items() if any(w in text for w in words))


def _pick(options: tuple[str, ...], key: str) -> str:
    return options[zlib.crc32(key.encode()) % len(options)]


def _first_clause(cue: str) -> str:
    for sep in (";", ",", " - ", " and "):
        if sep in cue:
            cue = cue.split(sep, 1)[0]
    return cue.strip().rstrip(".").capitalize() + "."


def styled_cues(exercise, styles: frozenset[str], extra: list[str], target: str) -> list[str]:
    """Library cues for an exercise in the trainer's voice, plus situational cues."""
    cues = [c.strip() for c in exercise.cues[:3]]
    if "direct" in styles:
        cues = [_first_clause(c) for c in cues]
    if "calm" in styles:
        cues[0] = "Breathe and settle: " + cues[0][0].lower() + cues[0][1:]
    if "playful" in styles:
        cues[0] = _pick(_PLAYFUL, exercise.id) + cues[0][0].lower() + cues[0][1:]
    if "encouraging" in styles:
        cues[-1] = cues[-1].rstrip(".!") + f", {_pick(_ENCOURAGE, exercise.id)}!"
    if "technical" in styles and target:
        cues.append(f"Target: {target}.")
    return cues + extra
