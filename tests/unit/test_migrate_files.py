"""Which files the migration runner picks up, and in what order (no database needed)."""

from __future__ import annotations

from infra.postgres.migrate import MIGRATIONS_DIR, checksum, migration_files


def test_only_sql_files_in_lexical_order(tmp_path):
    for name in ("0200_read.sql", "0100_events.sql", "0000_base.sql", "README.md", "0101_b.sql"):
        (tmp_path / name).write_text("SELECT 1;")
    assert [p.name for p in migration_files(tmp_path)] == [
        "0000_base.sql",
        "0100_events.sql",
        "0101_b.sql",
        "0200_read.sql",
    ]


def test_checksum_follows_content(tmp_path):
    path = tmp_path / "0001_x.sql"
    path.write_text("SELECT 1;")
    before = checksum(path)
    path.write_text("SELECT 2;")
    assert checksum(path) != before


def test_project_migrations_have_numbered_unique_prefixes():
    names = [p.name for p in migration_files(MIGRATIONS_DIR)]
    prefixes = [name.split("_", 1)[0] for name in names]
    assert all(p.isdigit() and len(p) == 4 for p in prefixes), names
    assert len(prefixes) == len(set(prefixes)), f"two migrations share a number: {names}"
