"""Documents (client state, sessions): read once per batch, evolved in memory, written back
with one upsert per table when the batch ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.projector.stage import StagedCursor

Row = Callable[[Any], tuple[Any, ...]]


def load(cur: StagedCursor, kind: str, key: str, query: str) -> Any:
    return cur.load_doc(kind, key, query)


def save(cur: StagedCursor, kind: str, key: str, doc: Any) -> None:
    cur.save_doc(kind, key, doc)


def dirty(cur: StagedCursor, kind: str) -> list[Any]:
    """The documents of ``kind`` changed by the batch (each once, its latest version)."""
    return list(cur.staged.dirty.pop(kind, {}).values())
