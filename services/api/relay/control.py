"""The relay's dedicated PostgreSQL session: leadership lock, wake-ups and published position.

Everything here runs on one autocommit connection. The session-level advisory lock lives as long
as the connection, so a relay that dies (or loses its connection) releases leadership at once,
and a position write on a dead session fails instead of racing the next leader.
"""

from __future__ import annotations

import zlib
from importlib import resources

import psycopg
from psycopg import sql

_LOCK_NAMESPACE = 0x53505452  # "SPTR": keeps our keys apart from other advisory-lock users
_MIGRATION = "0300_relay_position.sql"

_LOCK_HELD = """
SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
      AND classid = %(ns)s::oid AND objid = %(key)s::oid AND objsubid = 2
)
"""
_READ = "SELECT last_notification_id FROM relay_positions WHERE relay_name = %s"
_RECORD = """
INSERT INTO relay_positions (relay_name, last_notification_id) VALUES (%(name)s, %(pos)s)
ON CONFLICT (relay_name) DO UPDATE
SET last_notification_id = EXCLUDED.last_notification_id, updated_at = now()
WHERE relay_positions.last_notification_id < EXCLUDED.last_notification_id
"""


class LeadershipLost(RuntimeError):
    """The session no longer holds the relay's advisory lock."""


def migration_sql() -> str:
    return resources.files("infra").joinpath("migrations", _MIGRATION).read_text()


def connect(database_url: str) -> psycopg.Connection:
    # Keepalives: a silently dead server is noticed within ~30 s, not at TCP's hours-long default.
    return psycopg.connect(
        database_url,
        autocommit=True,
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=5,
        keepalives_count=4,
        application_name="spotter-relay",
    )


class ControlSession:
    """Lock, LISTEN and position bookkeeping for the relay called ``name``."""

    def __init__(self, conn: psycopg.Connection, name: str) -> None:
        self._conn = conn
        self._name = name
        self._lock_params = {"ns": _LOCK_NAMESPACE, "key": zlib.crc32(name.encode()) & 0x7FFFFFFF}

    def ensure_table(self) -> None:
        # Skip when present: the app role may lack CREATE where the owner role migrated.
        row = self._conn.execute("SELECT to_regclass('relay_positions') IS NOT NULL").fetchone()
        if not (row and row[0]):
            self._conn.execute(migration_sql())

    def try_lead(self) -> bool:
        row = self._conn.execute(
            "SELECT pg_try_advisory_lock(%(ns)s, %(key)s)", self._lock_params
        ).fetchone()
        return bool(row and row[0])

    def assert_leading(self) -> None:
        row = self._conn.execute(_LOCK_HELD, self._lock_params).fetchone()
        if not (row and row[0]):
            raise LeadershipLost(self._name)

    def listen(self, channel: str) -> None:
        self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))

    def wait_for_notify(self, timeout_s: float) -> bool:
        """True as soon as a NOTIFY arrived (also one received during earlier queries)."""
        notified = False
        for _ in self._conn.notifies(timeout=timeout_s, stop_after=1):
            notified = True
        if notified:
            # A busy writer sends one NOTIFY per commit: drain them now (one poll, no wait) so a
            # burst costs one wake-up, not one per commit.
            for _ in self._conn.notifies(timeout=0.0):
                pass
        return notified

    def position(self) -> int:
        row = self._conn.execute(_READ, (self._name,)).fetchone()
        return int(row[0]) if row else 0

    def record(self, position: int) -> None:
        """Store the last published notification id; only the lock holder may."""
        with self._conn.transaction():
            self.assert_leading()
            self._conn.execute(_RECORD, {"name": self._name, "pos": position})
