"""The batch's memory: documents read once and evolved in memory, rows staged per table and
written set-based when the batch ends (one statement per table, not one per event).

A StagedCursor is a psycopg cursor, so the rare direct writes (organizations, trainers, keys,
skipped events, positions) still go through ``execute``. Within one batch it is the only
writer of the tables it stages, so staging changes the statements, never the resulting rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import Connection, Cursor

DocKey = tuple[str, str]  # (kind, key): ("client_state", client id), ("session", session id)


@dataclass
class Staged:
    """What one batch will write, by table."""

    audit: list[tuple[Any, ...]] = field(default_factory=list)
    dirty: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> key -> doc
    # per session: the rows of its latest log (a log replaces the session's earlier one)
    logs: dict[str, dict[str, list[tuple[Any, ...]]]] = field(default_factory=dict)
    lifts: set[tuple[str, str]] = field(default_factory=set)  # (client, exercise) touched
    # the rebuild's replay leaves the trends of the lifts touched to one pass at its end
    defer_trends: bool = False
    pain: dict[tuple[str, int], tuple[Any, ...]] = field(default_factory=dict)
    watermarks: dict[str, int] = field(default_factory=dict)
    writes: list[tuple[str, Sequence[Any]]] = field(default_factory=list)  # direct, deferred

    def log_rows(self, table: str) -> dict[str, list[tuple[Any, ...]]]:
        return self.logs.setdefault(table, {})


class StagedCursor(Cursor):
    """A cursor carrying its batch's documents and staged rows.

    ``applied_ids`` is the set of event ids already in the audit log (prefetched for the whole
    batch); None means "ask PostgreSQL per event" (the guarded, event-by-event path).
    """

    def __init__(self, conn: Connection, *, batched: bool, defer_writes: bool = False) -> None:
        super().__init__(conn)
        self.applied_ids: set[str] | None = set() if batched else None
        self.docs: dict[DocKey, Any] = {}
        self.staged = Staged()
        self.defer_writes = defer_writes

    def write(self, query: str, params: Sequence[Any]) -> None:
        """A direct write (organizations, trainers, keys, skipped events), in event order:
        executed now, or staged for the connection that writes the batch (rebuild/pipelined.py)."""
        if self.defer_writes:
            self.staged.writes.append((query, params))
        else:
            self.execute(query, params)

    def load_doc(self, kind: str, key: str, query: str) -> Any:
        """The latest document: this batch's version, else the stored one (None if absent)."""
        if (kind, key) in self.docs:
            return self.docs[(kind, key)]
        self.execute(query, (key,))
        row = self.fetchone()
        doc = row[0] if row else None
        self.docs[(kind, key)] = doc
        return doc

    def preload_docs(self, kind: str, keys: set[str], query: str) -> None:
        """Load every document of ``keys`` in one query (``query`` takes a uuid[] and returns
        key, doc); absent ones are remembered as None."""
        missing = [k for k in keys if (kind, k) not in self.docs]
        if not missing:
            return
        self.execute(query, (missing,))
        found = {str(k): doc for k, doc in self.fetchall()}
        for k in missing:
            self.docs[(kind, k)] = found.get(k)

    def save_doc(self, kind: str, key: str, doc: Any) -> None:
        self.docs[(kind, key)] = doc
        self.staged.dirty.setdefault(kind, {})[key] = doc

    def advance_watermark(self, client_id: str, position: int) -> None:
        w = self.staged.watermarks
        w[client_id] = max(position, w.get(client_id, 0))
