"""The migration runner against a real database: order, one transaction per file, idempotence."""

from __future__ import annotations

import psycopg
import pytest

from infra.postgres.migrate import applied, apply_migrations
from infra.processes import StackError


@pytest.fixture
def migrations(tmp_path):
    def write(name: str, body: str) -> None:
        (tmp_path / name).write_text(body)

    return tmp_path, write


def test_applies_in_lexical_order_once(fresh_database, migrations):
    folder, write = migrations
    write("0002_second.sql", "INSERT INTO mig_probe VALUES ('2');")
    write("0001_first.sql", "CREATE TABLE mig_probe (step text); INSERT INTO mig_probe VALUES ('1');")
    write("notes.txt", "not a migration")

    first_run = apply_migrations(fresh_database.owner_dsn, folder)
    assert first_run == ["0001_first.sql", "0002_second.sql"]
    assert apply_migrations(fresh_database.owner_dsn, folder) == []

    with psycopg.connect(fresh_database.owner_dsn) as conn:
        steps = [r[0] for r in conn.execute("SELECT step FROM mig_probe").fetchall()]
    assert steps == ["1", "2"]
    assert {"0001_first.sql", "0002_second.sql"} <= set(applied(fresh_database.owner_dsn))


def test_a_failing_file_changes_nothing_and_is_not_recorded(fresh_database, migrations):
    folder, write = migrations
    write("0001_ok.sql", "CREATE TABLE mig_ok (id int);")
    write("0002_bad.sql", "CREATE TABLE mig_half (id int); SELECT no_such_column FROM mig_ok;")

    with pytest.raises(StackError, match="0002_bad.sql"):
        apply_migrations(fresh_database.owner_dsn, folder)

    with psycopg.connect(fresh_database.owner_dsn) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables").fetchall()}
    assert "mig_ok" in tables and "mig_half" not in tables
    assert "0002_bad.sql" not in applied(fresh_database.owner_dsn)

    write("0002_bad.sql", "CREATE TABLE mig_half (id int);")
    assert apply_migrations(fresh_database.owner_dsn, folder) == ["0002_bad.sql"]
