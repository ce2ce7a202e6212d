"""Loads in the organization's unit: kg is canonical (stored, ``*_kg`` fields); organizations
that work in pounds also get a ``*_lb`` twin of every ``*_kg`` value and may log in pounds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

LB_PER_KG = 2.2046226218


def kg_from_lb(value: float) -> float:
    return round(value / LB_PER_KG, 3)


def with_pounds(doc: Any) -> Any:
    """A copy of ``doc`` where every numeric ``<name>_kg`` gains a ``<name>_lb`` sibling."""
    if isinstance(doc, list):
        return [with_pounds(item) for item in doc]
    if not isinstance(doc, dict):
        return doc
    out: dict[str, Any] = {}
    for key, value in doc.items():
        out[key] = with_pounds(value)
        if key.endswith("_kg") and isinstance(value, int | float | Decimal) \
                and not isinstance(value, bool):
            out[key[:-3] + "_lb"] = round(float(value) * LB_PER_KG, 1)
    return out


def localize(doc: dict[str, Any], unit: str) -> dict[str, Any]:
    if unit != "lb":
        return {**doc, "unit": "kg"}
    return {**with_pounds(doc), "unit": "lb"}
