"""Read-your-writes: the client's version and watermark, and bounded waits on them.

With an autocommit connection the waits LISTEN on the channel the projector notifies after each
batch; otherwise they poll briefly (each poll is its own statement, so READ COMMITTED sees new
commits). Either way they return after ``timeout_s`` at the latest.
"""

from __future__ import annotations

import time
from typing import Callable

from psycopg import Connection, sql

from services.projector.apply import NOTIFY_CHANNEL
from services.projector.queries._sql import one
from services.projector.settings import LIVE_SCHEMA


def watermark(conn: Connection, client_id: str, *, schema: str = LIVE_SCHEMA) -> int:
    """Global position of the last event applied for the client (0 when none)."""
    row = one(conn, schema, "SELECT position FROM {s}.client_watermarks WHERE client_id = %s",
              (client_id,))
    return int(row["position"]) if row else 0


def client_version(conn: Connection, client_id: str, *, schema: str = LIVE_SCHEMA) -> int:
    row = one(conn, schema, "SELECT version FROM {s}.client_state WHERE client_id = %s",
              (client_id,))
    return int(row["version"]) if row else 0


def wait_for_client_version(conn: Connection, client_id: str, min_version: int,
                            timeout_s: float, *, schema: str = LIVE_SCHEMA) -> bool:
    """True once the client's read model reflects ``min_version``; False on timeout."""
    return _wait(conn, lambda: client_version(conn, client_id, schema=schema) >= min_version,
                 timeout_s)


def wait_for_watermark(conn: Connection, client_id: str, position: int, timeout_s: float, *,
                       schema: str = LIVE_SCHEMA) -> bool:
    """True once every event of the client up to global ``position`` is applied."""
    return _wait(conn, lambda: watermark(conn, client_id, schema=schema) >= position, timeout_s)


def _wait(conn: Connection, reached: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + max(timeout_s, 0.0)
    listening = conn.autocommit
    if listening:
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))
    try:
        delay = 0.01
        while True:
            if reached():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if listening:
                # a notification may have been sent between the check and here: cap the wait
                for _ in conn.notifies(timeout=min(remaining, 0.25), stop_after=1):
                    pass
            else:
                time.sleep(min(delay, remaining))
                delay = min(delay * 2, 0.1)
    finally:
        if listening:
            conn.execute(sql.SQL("UNLISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))
