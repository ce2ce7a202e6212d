"""Documents (client state, sessions) read and written through the batch's memory.

Within a pipelined batch (a BatchCursor) a document is read from PostgreSQL once, evolved in
memory, and written once when the batch ends; on a plain cursor every write goes straight out.
"""

from __future__ import annotations

from typing import Any, Callable

from psycopg import Cursor

Write = Callable[[Cursor], None]


def load(cur: Cursor, kind: str, key: str, query: str) -> Any:
    """The latest document of ``kind``/``key``: this batch's version, else the stored one."""
    docs: dict[tuple[str, str], Any] | None = getattr(cur, "docs", None)
    if docs is not None and (kind, key) in docs:
        return docs[(kind, key)]
    cur.execute(query, (key,))
    row = cur.fetchone()
    return row[0] if row else None


def save(cur: Cursor, kind: str, key: str, doc: Any, write: Write) -> None:
    """Remember ``doc`` and write it now, or at the end of the batch when batching."""
    docs: dict[tuple[str, str], Any] | None = getattr(cur, "docs", None)
    pending: dict[tuple[str, str], Write] | None = getattr(cur, "pending", None)
    if docs is None or pending is None:
        write(cur)
        return
    docs[(kind, key)] = doc
    pending[(kind, key)] = write


def flush(cur: Cursor) -> None:
    pending: dict[tuple[str, str], Write] | None = getattr(cur, "pending", None)
    if pending:
        for write in pending.values():
            write(cur)
        pending.clear()
