"""list_sessions with active_since: the sessions requested or changed since a day, nothing older."""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from services.projector import queries
from tests.integration.projector.conftest import Database


def _session(conn: psycopg.Connection, schema: str, org: str, client: str, name: str,
             requested: str, updated: str) -> None:
    conn.execute(sql.SQL(
        "INSERT INTO {}.training_sessions (session_id, client_id, organization_id, status,"
        " version, requested_at, updated_at, doc) VALUES (%s, %s, %s, 'logged', 3, %s, %s, %s)"
    ).format(sql.Identifier(schema)),
        (str(uuid.uuid4()), client, org, requested, updated, Jsonb({"name": name})))


def test_active_since_keeps_what_was_requested_or_changed_since_the_day(
        database: Database, fresh_schema: str) -> None:
    org, client = str(uuid.uuid4()), str(uuid.uuid4())
    with psycopg.connect(database.owner_dsn, autocommit=True) as owner:
        _session(owner, fresh_schema, org, client, "old", "2026-08-01T09:00Z", "2026-08-02T09:00Z")
        # requested long ago, logged inside the window: still part of the history
        _session(owner, fresh_schema, org, client, "late log", "2026-09-01T09:00Z",
                 "2026-11-20T18:00Z")
        _session(owner, fresh_schema, org, client, "recent", "2026-11-25T09:00Z",
                 "2026-11-25T10:00Z")
        _session(owner, fresh_schema, str(uuid.uuid4()), client, "other org",
                 "2026-11-25T09:00Z", "2026-11-25T10:00Z")
    with psycopg.connect(database.app_dsn, autocommit=True) as conn:
        every = queries.list_sessions(conn, org, client, schema=fresh_schema)
        window = queries.list_sessions(conn, org, client, schema=fresh_schema,
                                       active_since=dt.date(2026, 10, 19))
    assert [d["name"] for d in every] == ["recent", "late log", "old"]
    assert [d["name"] for d in window] == ["recent", "late log"]
