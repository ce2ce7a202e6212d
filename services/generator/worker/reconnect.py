"""After a database error: drop the dead idle connections of both pools at once.

A PostgreSQL restart kills every connection. Left alone, each request would find the dead ones
one at a time (the event store's pool would even back off between them); purging them when
the first error shows lets the next attempt run on fresh connections.
"""

from __future__ import annotations

from typing import Any

import structlog

from services.generator.worker.handlers import HandlerDeps

log = structlog.get_logger(__name__)


def _event_store_pool(deps: HandlerDeps) -> Any | None:
    app = getattr(deps, "app", None)
    datastore = getattr(getattr(app, "recorder", None), "datastore", None)
    return getattr(datastore, "pool", None)  # None: not on PostgreSQL (in-memory tests)


def purge_dead_connections(deps: HandlerDeps) -> None:
    for pool in (getattr(deps, "pool", None), _event_store_pool(deps)):
        if pool is None or not hasattr(pool, "check"):
            continue
        try:
            pool.check()  # tests each idle connection; replaces the broken ones
        except Exception as exc:  # e.g. the pool is closing: the retry will tell
            log.info("pool_check_failed", error=type(exc).__name__)
