"""Coaching cues in the trainer's voice: wording choices keyed off words in the methodology's voice.

Library cues are never cut: a cue chopped at its first comma loses its meaning ("Straighten.").
Voice shapes the list by choosing and ordering whole cues and adding whole short sentences.
Deterministic: every choice is indexed by a checksum of the exercise id, never random.
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
# Whole sentences the engine adds; tests check every cue is one of these or a library cue.
ENCOURAGE = ("You've got this, own every rep.", "Nice and smooth, you're doing great.",
             "Strong and steady, every rep counts.", "Great work, keep that quality up.")
DIRECT_CLOSE = ("Quality reps only.", "Own every rep.", "No rushing the reps.")
CALM_LEAD = ("Breathe and settle before each set.", "Take a slow breath and find your position.")
PLAYFUL_LEAD = ("Make it look easy.", "Show-off rep time, with good form.",
                "No drama, just clean reps.")
ENGINE_SENTENCES = frozenset(ENCOURAGE + DIRECT_CLOSE + CALM_LEAD + PLAYFUL_LEAD)


def voice_styles(voice: str) -> frozenset[str]:
    text = voice.lower()
    return frozenset(style for style, words in VOICES.items() if any(w in text for w in words))


def _pick(options: tuple[str, ...], key: str) -> str:
    return options[zlib.crc32(key.encode()) % len(options)]


def _sentence(cue: str) -> str:
    cue = cue.strip()
    return cue if cue.endswith((".", "!", "?")) else cue + "."


def styled_cues(exercise, styles: frozenset[str], extra: list[str], target: str) -> list[str]:
    """Whole library cues for an exercise in the trainer's voice, plus situational cues."""
    cues = [_sentence(c) for c in exercise.cues[:3] if c.strip()]
    lead: list[str] = []
    close: list[str] = []
    if "direct" in styles:
        # Fewer words, not broken ones: the two most important whole cues (setup, then action).
        cues = cues[:2]
    if "calm" in styles:
        lead.append(_pick(CALM_LEAD, exercise.id))
    if "playful" in styles:
        lead.append(_pick(PLAYFUL_LEAD, exercise.id))
    if "encouraging" in styles:
        close.append(_pick(ENCOURAGE, exercise.id))
    elif "direct" in styles:
        close.append(_pick(DIRECT_CLOSE, exercise.id))
    if "technical" in styles and target:
        close.append(f"Target: {target}.")
    return lead + cues + [_sentence(c) for c in extra] + close
