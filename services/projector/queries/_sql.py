"""Helpers shared by the query modules: schema-qualified SQL and row dicts."""

from __future__ import annotations

from typing import Any

from psycopg import Connection, sql
from psycopg.rows import dict_row


def rows(conn: Connection, schema: str, query: str, params: tuple[Any, ...]) -> list[dict]:
    """Run ``query`` with ``{s}`` standing for the read-model schema."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(sql.SQL(query).format(s=sql.Identifier(schema)), params)
        return cur.fetchall()


def one(conn: Connection, schema: str, query: str, params: tuple[Any, ...]) -> dict | None:
    found = rows(conn, schema, query, params)
    return found[0] if found else None
