"""A fresh PostgreSQL database per test module, with the event-store migration applied by the
superuser and the application opened as spotter_app (CREATE_TABLE off, as in production)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from shared.platform.settings import REPO_ROOT, InfraSettings
from shared.writemodel.application import SpotterApplication
from shared.writemodel.store import open_application

# The scenario helpers live with the unit tests (tests/unit/writemodel/wm_world.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "writemodel"))

MIGRATION = REPO_ROOT / "infra" / "migrations" / "0100_event_store.sql"


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    settings = InfraSettings()
    name = f"test_writemodel_{uuid4().hex[:12]}"
    with psycopg.connect(settings.admin_database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    owner_url = make_conninfo(settings.admin_database_url, dbname=name)
    try:
        with psycopg.connect(owner_url, autocommit=True) as owner:
            owner.execute(MIGRATION.read_text())  # type: ignore[arg-type]
        app_info = conninfo_to_dict(settings.database_url)
        yield make_conninfo(settings.database_url, dbname=name, **{
            k: v for k, v in app_info.items() if k in ("user", "password")})
    finally:
        with psycopg.connect(settings.admin_database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def app(database_url: str) -> Iterator[SpotterApplication]:
    application = open_application(database_url, create_table=False)
    try:
        yield application
    finally:
        application.close()
