"""effort.py against the chart and formulas of programming-knowledge.md."""

import pytest

from services.generator.engine.effort import (
    RPE_TABLE,
    brzycki,
    e1rm,
    effort_value,
    epley,
    next_load,
    pct_1rm,
    pct_fit,
    rir_to_rpe,
    round_load,
    rpe_to_rir,
)


def test_rpe_and_rir_are_the_same_scale_read_two_ways():
    assert rpe_to_rir(8) == 2 and rir_to_rpe(2) == 8 and rpe_to_rir(10) == 0


def test_epley_and_brzycki_match_the_documented_example():
    assert epley(80, 6) == pytest.approx(96.0)
    assert brzycki(80, 6) == pytest.approx(92.9, abs=0.1)
    # Without an effort rating the lower estimate wins.
    assert e1rm(80, 6) == pytest.approx(brzycki(80, 6))


@pytest.mark.parametrize("reps,rpe,pct", [(1, 10, 100), (5, 8, 81.1), (8, 9, 76.2), (3, 7, 83.7),
                                          (12, 6.5, 58.6), (10, 8.5, 69.4)])
def test_chart_values(reps, rpe, pct):
    assert pct_1rm(reps, rpe) == pct


def test_half_rpe_sits_between_neighbours_and_fit_tracks_chart():
    for reps in range(1, 13):
        for rpe, row in RPE_TABLE.items():
            assert abs(pct_fit(reps, rpe) - row[reps - 1]) < 1.0, (reps, rpe)
    assert pct_1rm(5, 8.25) == pytest.approx((81.1 + 82.4) / 2)
    assert pct_fit(20, 6) == 50.0


def test_e1rm_from_effort_uses_chart():
    # 100 kg x 5 at RPE 8 -> 81.1 % -> e1RM 123.3 kg
    assert e1rm(100, 5, rpe=8) == pytest.approx(100 / 0.811, rel=1e-4)
    assert e1rm(100, 5, rir=2) == pytest.approx(e1rm(100, 5, rpe=8))
    assert e1rm(0, 5) == 0.0 and e1rm(100, 1) == 100


def test_loads_round_to_the_equipment():
    assert round_load(101.2, "barbell") == 100.0
    assert round_load(10, "barbell") == 20.0  # the empty bar
    assert round_load(17.1, "kettlebell") == 16.0
    assert round_load(23.0, "dumbbell") == 24.0
    assert round_load(21.0, "dumbbell") in (20.0, 22.0)
    assert round_load(50, "bodyweight") is None
    assert next_load(100, "barbell") == 102.5
    assert next_load(16, "kettlebell") == 20.0
    assert next_load(20, "dumbbell") == 22.0
    assert next_load(30, "bodyweight") is None


def test_effort_value_in_each_scale():
    assert effort_value("rpe", 5, 8) == 8
    assert effort_value("rir", 5, 8) == 2
    assert effort_value("percent_1rm", 5, 8) == 81.1
