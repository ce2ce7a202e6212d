"""The benchmark table: rows of figures, their raw limits, ratios, targets and verdicts.

Pure: no I/O besides formatting; the harness prints the text and writes the JSON document.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

PASS, FAIL, NONE, UNAVAILABLE = "pass", "FAIL", "-", "n/a"


@dataclass(frozen=True)
class Target:
    """Bounds a figure must meet: on its value and/or on its ratio to the raw limit."""

    min_value: float | None = None
    max_value: float | None = None
    max_strict: bool = False  # "< 1 s" rather than "<= 250 MB"
    min_ratio: float | None = None

    def describe(self, unit: str) -> str:
        parts = []
        if self.min_value is not None:
            parts.append(f">= {_num(self.min_value)} {unit}".rstrip())
        if self.max_value is not None:
            parts.append(f"{'<' if self.max_strict else '<='} {_num(self.max_value)} {unit}".rstrip())
        if self.min_ratio is not None:
            parts.append(f">= {self.min_ratio:.0%} of raw")
        return " and ".join(parts)

    def met(self, value: float, ratio: float | None) -> bool:
        if self.min_value is not None and value < self.min_value:
            return False
        if self.max_value is not None and (
                value > self.max_value or (self.max_strict and value == self.max_value)):
            return False
        return self.min_ratio is None or (ratio is not None and ratio >= self.min_ratio)


@dataclass
class Row:
    section: str
    metric: str
    value: float | None
    unit: str = ""
    raw_limit: float | None = None  # the raw figure measured in the same run
    raw_name: str = ""  # what the raw limit is, e.g. "raw kafka-python produce"
    target: Target | None = None
    note: str = ""  # "not available: <reason>" when value is None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return ratio(self.value, self.raw_limit)

    @property
    def verdict(self) -> str:
        if self.value is None:
            return UNAVAILABLE
        if self.target is None:
            return NONE
        return PASS if self.target.met(self.value, self.ratio) else FAIL

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["target"] = self.target.describe(self.unit) if self.target else None
        out["ratio"] = None if self.ratio is None else round(self.ratio, 4)
        out["verdict"] = self.verdict
        return out


def ratio(value: float | None, raw_limit: float | None) -> float | None:
    """value / raw limit; None when either is missing or the limit is not positive."""
    if value is None or raw_limit is None or not math.isfinite(raw_limit) or raw_limit <= 0:
        return None
    return value / raw_limit


def unavailable(section: str, reason: str, metric: str = "-") -> Row:
    return Row(section, metric, None, note=f"not available: {reason}")


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def _num(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}" if abs(x) >= 0.01 else f"{x:.2g}"


HEADERS = ("section", "metric", "value", "unit", "raw limit", "ratio", "target", "result")


def cells(row: Row) -> tuple[str, ...]:
    if row.value is None:
        return (row.section, row.metric, row.note, "", "", "", "", UNAVAILABLE)
    raw = "" if row.raw_limit is None else f"{_num(row.raw_limit)} ({row.raw_name})".replace(
        " ()", "")
    r = row.ratio
    return (row.section, row.metric, _num(row.value), row.unit, raw,
            "" if r is None else f"{r:.0%}", row.target.describe(row.unit) if row.target else "",
            row.verdict)


def format_table(rows: list[Row], machine: dict[str, Any]) -> str:
    """A fixed-width text table headed by the machine's core count and load at the start."""
    body = [HEADERS] + [cells(r) for r in rows]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEADERS))]
    # the reason of an unavailable row may be long: it spills over the empty columns
    widths[2] = min(widths[2], 40)

    def fmt(line: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip()

    load = machine.get("load_avg") or ()
    head = (f"cores: {machine.get('cores')}  load at start: "
            f"{' '.join(f'{x:.2f}' for x in load)}  started: {machine.get('started_at', '')}")
    lines = [head, fmt(HEADERS), fmt(tuple("-" * w for w in widths))]
    lines += [fmt(line) for line in body[1:]]
    failed = sum(r.verdict == FAIL for r in rows)
    missing = sum(r.verdict == UNAVAILABLE for r in rows)
    lines.append(f"{len(rows)} rows: {failed} failed targets, {missing} not available")
    return "\n".join(lines)


def document(rows: list[Row], machine: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """The JSON document written under bench/results/."""
    return {"machine": machine, "options": options, "rows": [r.as_dict() for r in rows]}
