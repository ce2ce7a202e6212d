"""Helpers shared by the query modules: schema-qualified SQL and row dicts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from psycopg import Connection, sql
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row


def rows(conn: Connection, schema: str, query: str, params: tuple[Any, ...]) -> list[dict]:
    """Run ``query`` with ``{s}`` standing for the read-model schema."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(sql.SQL(query).format(s=sql.Identifier(schema)), params)
        return cur.fetchall()


def one(conn: Connection, schema: str, query: str, params: tuple[Any, ...]) -> dict | None:
    found = rows(conn, schema, query, params)
    return found[0] if found else None


@contextmanager
def snapshot(conn: Connection) -> Iterator[None]:
    """Reads that must agree with each other see one snapshot: on an idle autocommit connection
    (the services' pools) each statement would otherwise see the latest commit, and the
    projector may commit between them. Inside a transaction already open: that one's."""
    if not conn.autocommit or conn.info.transaction_status != TransactionStatus.IDLE:
        yield
        return
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
