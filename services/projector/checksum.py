"""A checksum over every read-model table: rows hashed in a total order, for tests and faults.

Consumer bookkeeping (stream_positions) is left out: offsets differ between an incremental run
with redeliveries and a clean rebuild while the read models must not.
"""

from __future__ import annotations

import hashlib

from psycopg import Connection, sql

EXCLUDED = frozenset({"stream_positions"})


def table_checksums(conn: Connection, schema: str) -> dict[str, str]:
    with conn.cursor() as cur:
        cur.execute(
            """SELECT table_name FROM information_schema.tables
               WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name""",
            (schema,))
        tables = [r[0] for r in cur.fetchall() if r[0] not in EXCLUDED]
        out: dict[str, str] = {}
        for table in tables:
            cur.execute(sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                " FROM {}.{} t").format(sql.Identifier(schema), sql.Identifier(table)))
            row = cur.fetchone()
            assert row is not None
            out[table] = f"{row[0]}:{row[1]}"
    return out


def checksum(conn: Connection, schema: str) -> str:
    """One digest of every read-model table in ``schema``."""
    digest = hashlib.sha256()
    for table, value in table_checksums(conn, schema).items():
        digest.update(f"{table}={value}\n".encode())
    return digest.hexdigest()
