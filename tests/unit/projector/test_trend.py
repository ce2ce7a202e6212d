from __future__ import annotations

from services.projector.domain.trend import trend


def test_trend_needs_history() -> None:
    assert trend([]) == "insufficient_data"
    assert trend([100]) == "insufficient_data"
    assert trend([100, 100]) == "insufficient_data"


def test_progressing_when_the_latest_beats_the_previous_best() -> None:
    assert trend([100, 102]) == "progressing"
    assert trend([100, 101, 103, 105]) == "progressing"


def test_stalled_when_flat() -> None:
    assert trend([100, 100.5, 100]) == "stalled"
    assert trend([90, 100, 100, 100, 100]) == "stalled"  # only the last four count


def test_regressing_when_well_under_the_recent_average() -> None:
    assert trend([100, 100, 100, 94]) == "regressing"
