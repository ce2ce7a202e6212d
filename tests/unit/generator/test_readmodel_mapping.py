import datetime as dt

from services.generator.adapters.readmodels import roadmap_position

BLOCKS = [{"index": 0, "name": "Foundation", "kind": "foundation", "weeks": 4},
          {"index": 1, "name": "Build", "kind": "hypertrophy", "weeks": 5, "deload_week": 5}]
STARTS = "2026-01-05"


def _client(**position):
    return {"roadmap": {"blocks": BLOCKS, "starts_on": STARTS},
            "roadmap_position": {"block_index": 0, "week": 1, **position}}


def test_the_roadmap_runs_on_the_calendar_from_its_start():
    assert roadmap_position(_client(), dt.date(2026, 1, 5)) == {"block": BLOCKS[0], "week": 1}
    assert roadmap_position(_client(), dt.date(2026, 1, 25)) == {"block": BLOCKS[0], "week": 3}
    # Week 5 after the start is the first week of the second block ...
    assert roadmap_position(_client(), dt.date(2026, 2, 2)) == {"block": BLOCKS[1], "week": 1}
    # ... and its fifth week is the deload week the roadmap placed there.
    assert roadmap_position(_client(), dt.date(2026, 3, 2)) == {"block": BLOCKS[1], "week": 5}


def test_a_date_before_the_start_is_week_one_and_after_the_end_the_last_week():
    assert roadmap_position(_client(), dt.date(2025, 12, 1)) == {"block": BLOCKS[0], "week": 1}
    assert roadmap_position(_client(), dt.date(2027, 1, 1)) == {"block": BLOCKS[1], "week": 5}


def test_a_trainer_move_anchors_the_calendar_where_it_happened():
    client = _client(block_index=1, week=2, anchored_on="2026-06-01")
    assert roadmap_position(client, dt.date(2026, 6, 3)) == {"block": BLOCKS[1], "week": 2}
    assert roadmap_position(client, dt.date(2026, 6, 15)) == {"block": BLOCKS[1], "week": 4}


def test_no_roadmap_means_no_position():
    assert roadmap_position({}, dt.date(2026, 1, 5)) is None
    assert roadmap_position({"roadmap": {"blocks": []}}, dt.date(2026, 1, 5)) is None
