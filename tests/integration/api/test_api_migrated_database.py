"""On a database migrated by another role (the app role cannot CREATE), the API still opens:
it notices the migrated tables instead of trying to create them."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg

from services.api.adapters.writemodel import WriteModel
from services.api.bootstrap import ensure_access_log
from services.api.cli import admin
from shared.platform.settings import InfraSettings

MIGRATIONS = Path(__file__).resolve().parents[3] / "infra/migrations"


def test_opens_a_database_migrated_by_the_owner() -> None:
    superuser = InfraSettings().admin_database_url
    name = f"h_api_migrated_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(superuser, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    owner_dsn = superuser.rsplit("/", 1)[0] + f"/{name}"
    app_dsn = InfraSettings().database_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        with psycopg.connect(owner_dsn, autocommit=True) as conn:
            for file in ("0100_event_store.sql", "0400_api_access_log.sql"):
                conn.execute((MIGRATIONS / file).read_text())  # type: ignore[arg-type]
        with psycopg.connect(app_dsn) as conn:
            can_create = conn.execute(
                "SELECT has_schema_privilege('public', 'CREATE')").fetchone()
        assert can_create == (False,)
        ensure_access_log(app_dsn)
        wm = WriteModel.open(app_dsn, create_table=True, pool_size=1)
        try:
            created = admin.create_org(wm, "Migrated Gym", "kg")
            assert admin.list_orgs(wm)[0]["organization_id"] == created["organization_id"]
        finally:
            wm.close()
    finally:
        with psycopg.connect(superuser, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
