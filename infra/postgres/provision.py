"""Roles and databases, created idempotently through the superuser connection.

spotter_owner owns the database and every schema object (it runs the migrations); spotter_app
is what the services log in as: no superuser, owns nothing, and holds only what migrations grant.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from infra.settings import APP_ROLE, DATABASE, OWNER_ROLE


def ensure_role(conn: psycopg.Connection, role: str, password: str) -> None:
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(
        sql.SQL(
            "{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD {}"
        ).format(sql.SQL(verb), sql.Identifier(role), sql.Literal(password))
    )


def ensure_roles(admin_dsn: str) -> None:
    # CREATE ROLE is cluster-wide: two concurrent callers could race, so serialize them.
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('spotter.provision'))")
        try:
            ensure_role(conn, OWNER_ROLE, OWNER_ROLE)
            ensure_role(conn, APP_ROLE, APP_ROLE)
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('spotter.provision'))")


def create_database(admin_dsn: str, name: str) -> bool:
    """Create database `name` owned by spotter_owner unless it exists; True when created."""
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name), sql.Identifier(OWNER_ROLE)
            )
        )
    # Only the owner may create objects; the app role just connects and uses what it is granted.
    db_dsn = psycopg.conninfo.make_conninfo(admin_dsn, dbname=name)
    with psycopg.connect(db_dsn, autocommit=True) as conn:
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.execute(
            sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(OWNER_ROLE))
        )
    return True


def drop_database(admin_dsn: str, name: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def provision(admin_dsn: str) -> None:
    """The roles and the `spotter` database."""
    ensure_roles(admin_dsn)
    create_database(admin_dsn, DATABASE)
