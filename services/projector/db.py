"""PostgreSQL connections for the projector.

Server-side prepared statements are off: the rebuild swaps schemas by renaming them, and a
prepared plan would keep pointing at the tables it was planned against.
"""

from __future__ import annotations

import psycopg


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection:
    conn = psycopg.connect(dsn, autocommit=autocommit)
    conn.prepare_threshold = None
    return conn
