"""Fast 503s while PostgreSQL is down.

The event store retries a failed connection for tens of seconds (good for a blip, bad for a
caller waiting on an outage). A background probe on the read pool closes this gate within about
two seconds of an outage and reopens it when PostgreSQL answers again, so requests meanwhile
get an immediate 503 with Retry-After instead of hanging, and recovery needs no restart.
"""

from __future__ import annotations

import threading

import structlog
from psycopg_pool import ConnectionPool

log = structlog.get_logger("services.api")


class DatabaseGate:
    def __init__(self, pool: ConnectionPool, interval_s: float = 1.0) -> None:
        self._pool = pool
        self._interval = interval_s
        self._open = True
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="db-gate", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def is_open(self) -> bool:
        return self._open

    def trip(self) -> None:
        """A request just failed to reach PostgreSQL: refuse quickly until the probe passes."""
        self._set(False)

    def probe(self) -> bool:
        try:
            with self._pool.connection(timeout=self._interval) as conn:
                conn.execute("SELECT 1")
            return True
        except Exception:  # any failure to reach PostgreSQL keeps the gate closed
            return False

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._set(self.probe())

    def _set(self, value: bool) -> None:
        if value != self._open:
            log.warning("database_gate", open=value)
        self._open = value

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
