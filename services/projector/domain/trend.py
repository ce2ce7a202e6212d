"""The trend of a lift from its best e1RM per session, oldest first."""

from __future__ import annotations

from typing import Literal, Sequence

Trend = Literal["progressing", "stalled", "regressing", "insufficient_data"]

WINDOW = 4  # sessions looked at: about two weeks at twice a week
PROGRESS_MIN = 0.01  # +1 % over the best of the previous sessions counts as progress
REGRESS_MIN = 0.05  # -5 % under their average counts as a regression


def trend(e1rms: Sequence[float]) -> Trend:
    """Progressing when the latest beats the previous best in the window by 1 %; regressing when it
    falls 5 % under their mean; stalled otherwise, once three sessions make a stall meaningful."""
    recent = list(e1rms)[-WINDOW:]
    if len(recent) < 2:
        return "insufficient_data"
    latest, prior = recent[-1], recent[:-1]
    if latest >= max(prior) * (1 + PROGRESS_MIN):
        return "progressing"
    if len(recent) < 3:
        return "insufficient_data"
    if latest <= (sum(prior) / len(prior)) * (1 - REGRESS_MIN):
        return "regressing"
    return "stalled"
