from __future__ import annotations

import pytest

from services.projector.domain.e1rm import brzycki, epley, estimate, table_pct


def test_epley_and_brzycki_match_the_worked_example() -> None:
    assert epley(80, 6) == pytest.approx(96.0)
    assert brzycki(80, 6) == pytest.approx(92.9, abs=0.05)


def test_no_effort_takes_the_lower_estimate() -> None:
    assert estimate(80, 6) == (pytest.approx(92.9, abs=0.01), "epley_brzycki")
    assert estimate(100, 1) == (100.0, "epley_brzycki")


def test_effort_on_the_chart_uses_the_chart() -> None:
    assert table_pct(5, 8) == 81.1
    assert estimate(100, 5, rpe=8) == (pytest.approx(123.3, abs=0.01), "rpe_table")
    # RIR 2 is RPE 8: the same cell
    assert estimate(100, 5, rir=2) == estimate(100, 5, rpe=8)
    assert estimate(100, 1, rpe=10) == (100.0, "rpe_table")


def test_effort_off_the_chart_falls_back_to_epley() -> None:
    assert table_pct(15, 8) is None and table_pct(5, 5) is None and table_pct(5, 8.3) is None
    assert estimate(50, 15, rpe=8) == (pytest.approx(75.0), "epley")


@pytest.mark.parametrize("load,reps", [(None, 5), (100, None), (0, 5), (100, 0)])
def test_nothing_to_estimate(load, reps) -> None:
    assert estimate(load, reps) is None
