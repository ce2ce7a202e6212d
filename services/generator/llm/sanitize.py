"""Model output is data: drop text that tries to instruct, link out or smuggle markup.

A cue that looks like an instruction to a model, a link or code is removed rather than edited,
so a client never reads half of an injected sentence.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CUE_CHARS = 140
MAX_NOTE_CHARS = 500

_SUSPICIOUS = re.compile(
    r"""
    \b(ignore|disregard|forget|override)\b[^.]{0,40}\b(previous|prior|above|earlier|all|system|
        instructions?|rules?|prompt)\b
    | \b(system|developer)\s*(prompt|message|instructions?)\b
    | \byou\s+are\s+now\b | \bact\s+as\b | \bjailbreak\b | \bnew\s+instructions?\b
    | \b(assistant|system|user)\s*: 
    | https?:// | \bwww\. | \b[\w.-]+\.(com|net|org|io|ru|xyz|info|ly|gg)\b
    | [\w.+-]+@[\w-]+\.[\w.]+
    | <\s*/?\s*[a-z!][^>]*> | ```|\[[^\]]*\]\([^)]*\)
    | \b(api[_\s-]?key|password|secret|token)s?\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _clean(text: str, limit: int) -> str:
    # Control and format characters (zero-width, bidi overrides) can hide text from a reader.
    spaced = re.sub(r"\s", " ", text)
    kept = "".join(ch for ch in spaced if unicodedata.category(ch)[0] != "C")
    return re.sub(r"\s+", " ", kept).strip()[:limit]


def is_suspicious(text: str) -> bool:
    return bool(_SUSPICIOUS.search(text))


def clean_cue(text: str) -> str | None:
    """The cue fit for a client, or None when it must be dropped."""
    cleaned = _clean(text, MAX_CUE_CHARS * 2)
    if not cleaned or is_suspicious(cleaned) or len(cleaned) > MAX_CUE_CHARS:
        return None
    return cleaned


def clean_cues(cues: list[str]) -> tuple[list[str], int]:
    """The cues kept and how many were dropped."""
    kept = [c for c in (clean_cue(x) for x in cues) if c]
    return kept, len(cues) - len(kept)


def clean_note(text: str) -> str:
    """Keep the sentences of a note that are plain coaching text."""
    sentences = re.split(r"(?<=[.!?])\s+", _clean(text, MAX_NOTE_CHARS * 2))
    kept = [s for s in sentences if s and not is_suspicious(s)]
    return " ".join(kept)[:MAX_NOTE_CHARS].strip()
