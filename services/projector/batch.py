"""The units the projector applies: Kafka messages and batch results."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TP = tuple[str, int]  # (topic, partition)
# a message's value already checked elsewhere (rebuild/checked_replay.py): the envelope or
# why it is not one, then the envelope at the current schema version or why it is skipped
Checked = tuple[dict[str, Any] | None, str | None, dict[str, Any] | None, str | None]


@dataclass(frozen=True)
class Message:
    topic: str
    partition: int
    offset: int
    value: bytes | None
    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()
    checked: Checked | None = field(default=None, compare=False, repr=False)


@dataclass
class BatchResult:
    applied: int = 0
    duplicates: int = 0
    skipped: int = 0
    dead_lettered: list[tuple[Message, str]] = field(default_factory=list)
    max_position: int = 0


DeadLetter = Callable[[Message, str], None]
