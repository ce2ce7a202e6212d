"""Apply infra/migrations/*.sql in lexical order, as spotter_owner, each file in one transaction.

Applied files are recorded in `schema_migrations`; running again applies only new files.
Usage: python -m infra.postgres.migrate [--dsn OWNER_DSN]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import psycopg
import structlog

from infra.processes import StackError

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
LOCK_KEY = "spotter.schema_migrations"

log = structlog.get_logger(__name__)

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    filename   text PRIMARY KEY,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


def migration_files(directory: Path = MIGRATIONS_DIR) -> list[Path]:
    return sorted(directory.glob("*.sql"), key=lambda p: p.name)


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def apply_migrations(owner_dsn: str, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply the files not applied yet; returns their names, in the order applied."""
    applied_now: list[str] = []
    with psycopg.connect(owner_dsn, autocommit=True) as conn:
        # Two runners at once (make + a test fixture) must not apply a file twice.
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (LOCK_KEY,))
        try:
            conn.execute(CREATE_TABLE)
            done = dict(conn.execute("SELECT filename, checksum FROM schema_migrations").fetchall())
            for path in migration_files(directory):
                if path.name in done:
                    if done[path.name] != checksum(path):
                        log.warning("migration changed after it was applied", file=path.name)
                    continue
                _apply_one(conn, path)
                applied_now.append(path.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (LOCK_KEY,))
    return applied_now


def _apply_one(conn: psycopg.Connection, path: Path) -> None:
    text = path.read_text()
    try:
        with conn.transaction():
            # No parameters: psycopg sends the whole file as one simple query (many statements).
            conn.execute(text)  # type: ignore[arg-type]
            conn.execute(
                "INSERT INTO schema_migrations (filename, checksum) VALUES (%s, %s)",
                (path.name, checksum(path)),
            )
    except psycopg.Error as exc:
        raise StackError(f"migration {path.name} failed: {str(exc).strip()}") from exc
    log.info("migration applied", file=path.name)


def applied(owner_dsn: str) -> list[str]:
    with psycopg.connect(owner_dsn) as conn:
        exists = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
        if not exists or exists[0] is None:
            return []
        rows = conn.execute("SELECT filename FROM schema_migrations ORDER BY filename")
        return [row[0] for row in rows.fetchall()]


def main(argv: list[str] | None = None) -> int:
    from infra.settings import LocalStackSettings
    from shared.platform.logging import configure_logging

    parser = argparse.ArgumentParser(prog="python -m infra.postgres.migrate")
    parser.add_argument("--dsn", help="owner DSN (default: SPOTTER_OWNER_DATABASE_URL)")
    args = parser.parse_args(argv)
    configure_logging("migrate", level="WARNING")
    dsn = args.dsn or LocalStackSettings().owner_database_url
    try:
        names = apply_migrations(dsn)
    except (StackError, psycopg.OperationalError) as exc:
        sys.stderr.write(f"migrations: {str(exc).strip().splitlines()[0]}\n")
        return 1
    sys.stdout.write(f"migrations: {len(names)} applied{': ' if names else ''}{', '.join(names)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
