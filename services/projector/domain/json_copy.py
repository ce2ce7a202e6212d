"""A deep copy for JSON-shaped values (dicts, lists, scalars): what the folds copy per event.

copy.deepcopy handles any object and keeps a memo; documents are plain JSON trees, so a direct
walk gives the same copy several times faster.
"""

from __future__ import annotations

import copy
from typing import Any


def json_copy(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {k: json_copy(v) for k, v in value.items()}
    if kind is list:
        return [json_copy(v) for v in value]
    if kind is tuple:
        return tuple(json_copy(v) for v in value)
    if kind in (str, int, float, bool) or value is None:
        return value
    return copy.deepcopy(value)  # anything else (never in a decoded envelope)
