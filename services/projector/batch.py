"""The units the projector applies: Kafka messages and batch results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Message:
    topic: str
    partition: int
    offset: int
    value: bytes | None
    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass
class BatchResult:
    applied: int = 0
    duplicates: int = 0
    skipped: int = 0
    dead_lettered: list[tuple[Message, str]] = field(default_factory=list)
    max_position: int = 0


DeadLetter = Callable[[Message, str], None]
