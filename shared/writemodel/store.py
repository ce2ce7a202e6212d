"""Opening the write model on PostgreSQL (or in memory), and reading aggregates in the past."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import project_aggregate
from psycopg.conninfo import conninfo_to_dict

from shared.writemodel.application import SpotterApplication
from shared.writemodel.domain.base import SpotterAggregate

A = TypeVar("A", bound=SpotterAggregate)


def postgres_env(
    database_url: str, *, create_table: bool, pool_size: int = 5, max_overflow: int = 10,
    lock_timeout_s: int = 5, pre_ping: bool = True,
) -> dict[str, str]:
    """The eventsourcing env for PostgreSQL, built from a URL (settings), never os.environ."""
    info = conninfo_to_dict(database_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(info.get("dbname", "")),
        "POSTGRES_HOST": str(info.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(info.get("port", "5432")),
        "POSTGRES_USER": str(info.get("user", "")),
        "POSTGRES_PASSWORD": str(info.get("password", "")),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(max_overflow),
        "POSTGRES_LOCK_TIMEOUT": str(lock_timeout_s),
        # Pre-ping costs a round trip per checkout but lets the pool recover by itself
        # after a PostgreSQL restart (no service restart needed).
        "POSTGRES_PRE_PING": "y" if pre_ping else "n",
        # Commit order = notification order needs the table lock of the plain insert path.
        "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        "CREATE_TABLE": "y" if create_table else "n",
    }


def open_application(
    database_url: str, *, create_table: bool, **pool: Any
) -> SpotterApplication:
    """The write model on PostgreSQL. With ``create_table=False`` the tables must exist
    (infra/migrations/0100_event_store.sql, run by the owner role). ``pool`` takes the
    keyword options of :func:`postgres_env` (pool_size, max_overflow, lock_timeout_s, pre_ping).
    """
    return SpotterApplication(env=postgres_env(database_url, create_table=create_table, **pool))


def open_in_memory() -> SpotterApplication:
    """The write model on the library's in-memory persistence (unit tests, wiring)."""
    return SpotterApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def aggregate_at_version(
    app: SpotterApplication, aggregate_id: UUID, kind: type[A], version: int
) -> A:
    """The aggregate as of its ``version`` (KeyError when unknown or of another kind)."""
    return app.get_aggregate(aggregate_id, kind, version=version)


def aggregate_as_of(
    app: SpotterApplication, aggregate_id: UUID, kind: type[A], as_of: datetime
) -> A:
    """The aggregate as it was at ``as_of`` (events recorded at or before it); KeyError if it
    did not exist yet."""
    events: list[Any] = []
    for event in app.events.get(aggregate_id):
        if event.timestamp > as_of:
            break
        events.append(event)
    aggregate = project_aggregate(None, events) if events else None
    if not isinstance(aggregate, kind):
        raise KeyError(aggregate_id)
    return aggregate
