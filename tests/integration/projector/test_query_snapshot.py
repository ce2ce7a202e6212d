"""Reads that must agree see one snapshot: a projector commit between them cannot tear them."""

from __future__ import annotations

import psycopg
from psycopg import sql

from services.projector import queries
from tests.integration.projector.conftest import Database


def _count(conn: psycopg.Connection, schema: str) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}.exercise_trends").format(
        sql.Identifier(schema))).fetchone()
    assert row is not None
    return int(row[0])


def _commit_a_trend(owner_dsn: str, schema: str, n: int) -> None:
    with psycopg.connect(owner_dsn, autocommit=True) as other:
        other.execute(sql.SQL(
            "INSERT INTO {}.exercise_trends (client_id, exercise_id, trend, sessions)"
            " VALUES (gen_random_uuid(), %s, 'stalled', 1)").format(sql.Identifier(schema)),
            (f"lift-{n}",))


def test_reads_in_a_snapshot_do_not_see_a_commit_made_between_them(
        database: Database, fresh_schema: str) -> None:
    with psycopg.connect(database.app_dsn, autocommit=True) as conn:
        with queries.snapshot(conn):
            first = _count(conn, fresh_schema)
            _commit_a_trend(database.owner_dsn, fresh_schema, 1)
            assert _count(conn, fresh_schema) == first
        # without it, an autocommit connection sees each commit as it lands
        _commit_a_trend(database.owner_dsn, fresh_schema, 2)
        assert _count(conn, fresh_schema) == first + 2
        # nested (already in a transaction): the outer snapshot holds
        with queries.snapshot(conn), queries.snapshot(conn):
            before = _count(conn, fresh_schema)
            _commit_a_trend(database.owner_dsn, fresh_schema, 3)
            assert _count(conn, fresh_schema) == before
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
