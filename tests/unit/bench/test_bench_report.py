"""The benchmark table's maths and formatting (bench/report.py): ratios to raw limits, target
verdicts, percentiles, the text table and the JSON document."""

from __future__ import annotations

import json

import pytest

from bench.report import (
    FAIL,
    NONE,
    PASS,
    UNAVAILABLE,
    Row,
    Target,
    document,
    format_table,
    percentile,
    ratio,
    unavailable,
)

MACHINE = {"cores": 2, "load_avg": [1.5, 1.25, 1.0], "started_at": "2026-11-30T12:00:00+00:00"}


def test_ratio_is_value_over_raw_limit() -> None:
    assert ratio(6_000, 10_000) == pytest.approx(0.6)
    assert ratio(12.0, 8.0) == pytest.approx(1.5)


@pytest.mark.parametrize("value,raw", [(None, 10.0), (5.0, None), (5.0, 0.0), (5.0, -1.0),
                                       (5.0, float("inf")), (5.0, float("nan"))])
def test_no_ratio_without_a_usable_raw_limit(value: float | None, raw: float | None) -> None:
    assert ratio(value, raw) is None


def test_relay_target_needs_both_the_rate_and_the_ratio() -> None:
    target = Target(min_value=5000, min_ratio=0.5)
    relay = Row("3 relay", "relay", 6000.0, "events/s", 10_000.0, "raw produce", target)
    assert relay.ratio == pytest.approx(0.6) and relay.verdict == PASS
    relay.raw_limit = 13_000.0  # fast enough in absolute terms, but under half the raw rate
    assert relay.verdict == FAIL
    relay.raw_limit, relay.value = 8000.0, 4500.0  # over half the raw rate, under 5,000/s
    assert relay.verdict == FAIL


def test_ratio_target_fails_when_the_raw_limit_is_missing() -> None:
    row = Row("2 API writes", "write", 500.0, "cmds/s", None, "", Target(min_ratio=0.6))
    assert row.ratio is None and row.verdict == FAIL


def test_strict_and_inclusive_upper_bounds() -> None:
    assert Row("m", "rss", 250.0, "MB", target=Target(max_value=250)).verdict == PASS
    assert Row("m", "rss", 250.1, "MB", target=Target(max_value=250)).verdict == FAIL
    lag = Target(max_value=1000, max_strict=True)
    assert Row("l", "p99", 1000.0, "ms", target=lag).verdict == FAIL
    assert Row("l", "p99", 999.9, "ms", target=lag).verdict == PASS


def test_rows_without_target_or_value() -> None:
    assert Row("1", "raw", 10.0).verdict == NONE
    missing = unavailable("3 relay", "module not found")
    assert missing.value is None and missing.verdict == UNAVAILABLE
    assert missing.note == "not available: module not found"


def test_target_descriptions() -> None:
    assert Target(min_value=5000, min_ratio=0.5).describe("events/s") == \
        ">= 5,000 events/s and >= 50% of raw"
    assert Target(max_value=1000, max_strict=True).describe("ms") == "< 1,000 ms"
    assert Target(max_value=25).describe("ms") == "<= 25 ms"


def test_nearest_rank_percentile() -> None:
    samples = [float(x) for x in range(1, 101)]  # 1..100
    assert percentile(samples, 0.5) == 50.0
    assert percentile(samples, 0.99) == 99.0
    assert percentile(list(reversed(samples)), 1.0) == 100.0
    assert percentile([7.0], 0.99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_table_shows_figures_next_to_raw_limits_and_the_machine() -> None:
    rows = [Row("3 relay", "relay", 6000.0, "events/s", 10_000.0, "raw produce",
                Target(min_value=5000, min_ratio=0.5)),
            Row("7 engine", "assemble p99", 30.5, "ms", target=Target(max_value=25)),
            unavailable("6 session round trip", "services down")]
    text = format_table(rows, MACHINE)
    lines = text.splitlines()
    assert lines[0].startswith("cores: 2  load at start: 1.50 1.25 1.00")
    header, relay = lines[1], lines[3]
    assert header.split() == ["section", "metric", "value", "unit", "raw", "limit", "ratio",
                              "target", "result"]
    assert "10,000 (raw produce)" in relay and "60%" in relay and relay.endswith("pass")
    # columns line up: every cell of a row starts where its header does
    assert relay.index("6,000") == header.index("value")
    assert relay.index("60%") == header.index("ratio")
    assert "30.5" in lines[4] and lines[4].endswith("FAIL")
    assert "not available: services down" in lines[5] and lines[5].endswith(UNAVAILABLE)
    assert lines[-1] == "3 rows: 1 failed targets, 1 not available"


def test_document_is_json_with_ratio_and_verdict() -> None:
    rows = [Row("2 API writes", "write", 300.0, "cmds/s", 400.0, "raw append",
                Target(min_ratio=0.6), extra={"errors": 0})]
    doc = json.loads(json.dumps(document(rows, MACHINE, {"quick": True})))
    (row,) = doc["rows"]
    assert row["ratio"] == 0.75 and row["verdict"] == PASS
    assert row["target"] == ">= 60% of raw" and row["raw_limit"] == 400.0
    assert doc["machine"]["cores"] == 2 and doc["options"] == {"quick": True}
