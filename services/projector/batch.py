"""The units the projector applies: Kafka messages, batch results, the batch's cursor."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from psycopg import Connection, Cursor

from services.projector.readmodels import documents


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


class BatchCursor(Cursor):
    """A cursor with per-batch memory, so a batch costs few round trips (its writes are
    pipelined): the event ids already applied and the documents last written per key."""

    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.applied_ids: set[str] = set()
        self.docs: dict[tuple[str, str], Any] = {}
        self.pending: dict[tuple[str, str], documents.Write] = {}


def peek_event_id(m: Message) -> str | None:
    """The event id of a message if it has a readable one (a cheap peek for the prefetch)."""
    try:
        return str(uuid.UUID(str(json.loads(m.value or b"").get("event_id"))))
    except (ValueError, TypeError, AttributeError):
        return None
