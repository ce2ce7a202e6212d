"""The migration creates exactly what the library would create for itself."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from shared.platform.settings import InfraSettings
from shared.writemodel.store import open_application

COLUMNS = """
    SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name IN ('spotter_events')
    ORDER BY table_name, ordinal_position
"""
INDEXES = "SELECT indexname FROM pg_indexes WHERE tablename = 'spotter_events' ORDER BY 1"
TYPE = """
    SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_type t
    JOIN pg_attribute a ON a.attrelid = t.typrelid WHERE t.typname = 'stored_event_uuid'
    ORDER BY a.attnum
"""


@pytest.fixture
def library_created_url() -> Iterator[str]:
    """A database where the library (as superuser) created its own tables."""
    admin = InfraSettings().admin_database_url
    name = f"test_writemodel_lib_{uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        yield make_conninfo(admin, dbname=name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def describe(url: str) -> tuple[list[tuple[object, ...]], ...]:
    with psycopg.connect(url) as conn:
        return tuple(conn.execute(q).fetchall() for q in (COLUMNS, INDEXES, TYPE))  # type: ignore[arg-type]


def test_migration_matches_the_library_tables(
    database_url: str, library_created_url: str
) -> None:
    app = open_application(library_created_url, create_table=True)
    app.close()
    ours = describe(make_conninfo(InfraSettings().admin_database_url,
                                  dbname=psycopg.conninfo.conninfo_to_dict(database_url)["dbname"]))
    theirs = describe(library_created_url)
    assert ours == theirs
    assert ours[0], "no spotter_events table"
