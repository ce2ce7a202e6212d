"""The build schema's tables are unlogged while the replay bulk-loads them and logged again
before the swap.

A crash during a rebuild discards the build schema anyway, so its rows need no write-ahead log
while they are loaded; writing each table to the log once, as a whole, afterwards costs the
server far less than a log record per row. The swap's catch-up and everything after it are
logged as usual, so the live schema is as durable as before.
"""

from __future__ import annotations

import psycopg
from psycopg import sql


def _tables(owner: psycopg.Connection, build: str, persistence: str) -> list[str]:
    return [r[0] for r in owner.execute(
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = %s AND c.relkind = 'r' AND c.relpersistence = %s
           ORDER BY c.relname""", (build, persistence))]


def unlog(owner: psycopg.Connection, build: str) -> list[str]:
    """Make the (empty) tables of ``build`` unlogged; returns their names."""
    tables = _tables(owner, build, "p")
    for table in tables:
        owner.execute(sql.SQL("ALTER TABLE {} SET UNLOGGED").format(
            sql.Identifier(build, table)))
    return tables


def relog(owner: psycopg.Connection, build: str, tables: list[str]) -> None:
    """Make ``tables`` of ``build`` logged again (each is written to the log once)."""
    for table in tables:
        owner.execute(sql.SQL("ALTER TABLE {} SET LOGGED").format(
            sql.Identifier(build, table)))
