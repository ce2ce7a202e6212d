"""Roadmaps: block sequence from goals and experience, deload placement, adjustment with reason."""

import datetime as dt

from services.generator.engine import ClientState, Methodology, adjust_roadmap, build_roadmap
from services.generator.engine.roadmap import deload_interval

START = dt.date(2026, 12, 7)


def client(**kw):
    base = {"id": "c", "experience": "intermediate", "goals": [{"goal": "strength", "priority": 1}]}
    base.update(kw)
    return ClientState.from_dict(base)


def test_blocks_have_the_catalogue_shape_and_3_to_6_weeks():
    rm = build_roadmap(client(), Methodology(), START)
    assert len(rm.blocks) >= 3
    for i, b in enumerate(rm.blocks):
        assert set(b) == {"index", "name", "kind", "weeks", "focus", "rep_range", "effort_range",
                          "weekly_sets_target", "progression", "deload_week"}
        assert b["index"] == i and 3 <= b["weeks"] <= 6
        assert b["rep_range"][0] <= b["rep_range"][1]
    kinds = [b["kind"] for b in rm.blocks]
    assert "strength" in kinds and kinds[0] == "hypertrophy"


def test_deloads_follow_methodology_and_experience():
    m = Methodology(deload_every_weeks=5)
    rm = build_roadmap(client(), m, START)
    assert all(b["deload_week"] == b["weeks"] == 5 for b in rm.blocks)
    adv = build_roadmap(client(experience="advanced"), m, START)
    assert all(b["weeks"] == 4 and b["deload_week"] == 4 for b in adv.blocks)
    beg = build_roadmap(client(experience="beginner"), m, START)
    assert beg.blocks[0]["kind"] == "foundation"
    # Beginners deload about every eight weeks: never two deloads less than 8 weeks apart.
    weeks_since, gaps = 0, []
    for b in beg.blocks:
        if b["deload_week"]:
            gaps.append(weeks_since + b["deload_week"])
            weeks_since = b["weeks"] - b["deload_week"]
        else:
            weeks_since += b["weeks"]
    assert gaps and min(gaps) >= 8
    assert deload_interval(m, "beginner") == 8


def test_effort_ranges_are_in_the_trainers_scale():
    rir = build_roadmap(client(), Methodology(effort_scale="rir"), START)
    assert all(0 <= v <= 5 for b in rir.blocks for v in b["effort_range"])
    pct = build_roadmap(client(), Methodology(effort_scale="percent_1rm"), START)
    strength = next(b for b in pct.blocks if b["kind"] == "strength")
    assert 70 <= strength["effort_range"][0] < strength["effort_range"][1] <= 95


def test_injury_puts_return_to_training_first_and_adjust_keeps_the_past():
    rm = build_roadmap(client(), Methodology(), START)
    hurt = client(active_injuries=[{"region": "knee", "side": "left", "severity": 6,
                                    "status": "active", "description": "meniscus irritation"}])
    adj = adjust_roadmap(rm, hurt, Methodology(), 1, "knee injury reported")
    assert adj.blocks[0] == rm.blocks[0]
    assert adj.blocks[1]["kind"] == "return_to_training" and adj.blocks[1]["index"] == 1
    assert adj.reason == "knee injury reported" and adj.from_block_index == 1
    assert [b["index"] for b in adj.blocks] == list(range(len(adj.blocks)))


def test_goal_change_changes_the_remaining_blocks():
    rm = build_roadmap(client(), Methodology(), START)
    fat = client(goals=[{"goal": "fat_loss", "priority": 1}, {"goal": "strength", "priority": 2}])
    adj = adjust_roadmap(rm, fat, Methodology(), 2, "goal changed to fat loss")
    assert adj.blocks[:2] == rm.blocks[:2]
    assert adj.blocks[2]["kind"] == "work_capacity"
    assert "fat_loss" in build_roadmap(fat, Methodology(), START).reason


def test_position_lookup():
    rm = build_roadmap(client(), Methodology(deload_every_weeks=5), START)
    block, week = rm.position(START + dt.timedelta(days=7 * 6))
    assert block["index"] == 1 and week == 2
    assert rm.position(START + dt.timedelta(days=7 * 200)) is None


def test_rir_roadmaps_write_effort_ranges_low_to_high_and_fit_the_contract() -> None:
    """An RIR trainer's roadmap used to carry [3, 1], which the roadmap.generated contract
    refuses (the API answered 500); effort still ramps from 3 RIR to 1 RIR across the block."""
    from shared.events.shapes import Block

    from services.generator.engine.context import _block_rpe

    methodology = Methodology.from_dict({"effort_scale": "rir",
                                         "progression_method": "percentage_waves"})
    client = ClientState.from_dict({"id": "c1", "experience": "intermediate",
                                    "goals": [{"goal": "hypertrophy", "priority": 1}]})
    roadmap = build_roadmap(client, methodology, dt.date(2026, 1, 5))
    for block in roadmap.blocks:
        lo, hi = block["effort_range"]
        assert lo <= hi
        Block.model_validate(block)
    block = next(b for b in roadmap.blocks if b["kind"] == "hypertrophy")
    first = _block_rpe(block, "hypertrophy", 1, "rir")
    last = _block_rpe(block, "hypertrophy", block["weeks"] - 1, "rir")
    assert first < last  # RPE rises: the block gets harder, RIR falls
