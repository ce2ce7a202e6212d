"""The provisioned roles: spotter_app round-trips rows it was granted and nothing more."""

from __future__ import annotations

import psycopg
import pytest

from infra.postgres.migrate import migration_files


def test_app_role_round_trips_rows_it_was_granted(fresh_database):
    with psycopg.connect(fresh_database.owner_dsn, autocommit=True) as owner:
        owner.execute(
            "CREATE TABLE infra_probe (id bigint PRIMARY KEY, note text NOT NULL, "
            "at timestamptz NOT NULL DEFAULT now())"
        )
        owner.execute("GRANT SELECT, INSERT ON infra_probe TO spotter_app")

    rows = [(n, f"note é {n}") for n in range(50)]
    with psycopg.connect(fresh_database.app_dsn) as app:
        with app.cursor() as cur:
            cur.executemany("INSERT INTO infra_probe (id, note) VALUES (%s, %s)", rows)
        app.commit()
        back = app.execute("SELECT id, note FROM infra_probe ORDER BY id").fetchall()
    assert back == rows


def test_app_role_is_not_superuser_and_owns_nothing(fresh_database):
    with psycopg.connect(fresh_database.app_dsn) as app:
        user, superuser = app.execute(
            "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        owned = app.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relowner = 'spotter_app'::regrole AND n.nspname NOT LIKE 'pg_%'"
        ).fetchone()[0]
    assert (user, superuser, owned) == ("spotter_app", False, 0)


def test_app_role_cannot_create_or_read_ungranted_tables(fresh_database):
    with psycopg.connect(fresh_database.owner_dsn, autocommit=True) as owner:
        owner.execute("CREATE TABLE IF NOT EXISTS infra_secret (id int)")
    with psycopg.connect(fresh_database.app_dsn, autocommit=True) as app:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("CREATE TABLE app_made (id int)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("SELECT * FROM infra_secret")


def test_fresh_database_has_every_migration_recorded(fresh_database):
    with psycopg.connect(fresh_database.owner_dsn) as owner:
        recorded = [
            row[0]
            for row in owner.execute("SELECT filename FROM schema_migrations ORDER BY filename")
        ]
    assert recorded == [path.name for path in migration_files()]
