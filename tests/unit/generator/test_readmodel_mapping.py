from services.generator.adapters.readmodels import roadmap_position

BLOCKS = [{"index": 0, "name": "Foundation", "kind": "foundation", "weeks": 4},
          {"index": 1, "name": "Build", "kind": "hypertrophy", "weeks": 5, "deload_week": 5}]


def test_roadmap_position_picks_the_current_block():
    client = {"roadmap": {"blocks": BLOCKS}, "roadmap_position": {"block_index": 1, "week": 3}}
    assert roadmap_position(client) == {"block": BLOCKS[1], "week": 3}


def test_no_roadmap_or_unknown_block_means_no_position():
    assert roadmap_position({}) is None
    assert roadmap_position({"roadmap": {"blocks": BLOCKS},
                             "roadmap_position": {"block_index": 7, "week": 1}}) is None
