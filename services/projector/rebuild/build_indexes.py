"""Secondary indexes of a build schema, dropped while the rebuild bulk-loads it and created
again (one sorted pass per index) before it is swapped in.

Kept: primary keys and unique indexes (the upserts' conflict targets) and the indexes the
replay's own statements read through (DELETE of a session's best sets).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

KEPT = frozenset({"exercise_bests_session"})


def defer(owner: psycopg.Connection, build: str) -> list[str]:
    """Drop the build schema's secondary indexes; returns the statements recreating them."""
    rows = owner.execute(
        """SELECT i.relname, pg_get_indexdef(i.oid)
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           JOIN pg_namespace n ON n.oid = i.relnamespace
           WHERE n.nspname = %s AND NOT x.indisunique AND NOT x.indisprimary
           ORDER BY i.relname""", (build,)).fetchall()
    deferred = []
    for name, definition in rows:
        if name in KEPT:
            continue
        owner.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(build, name)))
        deferred.append(definition)
    return deferred


def restore(owner: psycopg.Connection, definitions: list[str]) -> None:
    for definition in definitions:
        owner.execute(definition)  # pg_get_indexdef qualifies the table with its schema
