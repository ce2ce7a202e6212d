"""Raw event-store append rate: client events saved through the eventsourcing application
straight into PostgreSQL, no HTTP, no handlers. The raw limit for API writes.

Three figures: one event per transaction from concurrent threads (the event store's own put:
what one write command costs the store alone), the same saves through the write model's group
commit (concurrent saves share a transaction, as the services write), and batches of client
registrations in one transaction (the store's bulk ceiling).
A scratch database is created for the run and dropped afterwards.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg

from shared.platform.settings import InfraSettings
from shared.writemodel.application import SpotterApplication
from shared.writemodel.domain.base import EventMeta
from shared.writemodel.domain.client import Client
from shared.writemodel.store import open_application


@contextmanager
def scratch_database(infra: InfraSettings, label: str) -> Iterator[str]:
    """A fresh database owned by the application role; its URL. Dropped on exit."""
    name = f"bench_{label}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" OWNER spotter_app')
    try:
        info = psycopg.conninfo.conninfo_to_dict(infra.database_url)
        info["dbname"] = name
        yield psycopg.conninfo.make_conninfo(**info)
    finally:
        with psycopg.connect(infra.admin_database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _client(meta: EventMeta, trainer: uuid.UUID, n: int) -> Client:
    return Client.register(
        client_id=uuid.uuid4(), name=f"Raw client {n}", trainer_id=trainer,
        goals=[{"goal": "strength", "priority": 1}], experience="intermediate",
        sessions_per_week=3, birth_year=1990, notes=None, now=datetime.now(UTC), meta=meta)


def _meta() -> EventMeta:
    return EventMeta(organization_id=str(uuid.uuid4()), actor_kind="system",
                     actor_id="bench-raw", correlation_id="bench-raw")


def single_event_rate(app: SpotterApplication, seconds: float, threads: int,
                      grouped: bool = False) -> float:
    """Events/s with ``threads`` threads each saving one new aggregate: one transaction per
    aggregate, or (``grouped``) through the group commit."""
    meta, trainer = _meta(), uuid.uuid4()
    counts = [0] * threads
    stop_at = time.monotonic() + seconds

    def loop(t: int) -> None:
        while time.monotonic() < stop_at:
            client = _client(meta, trainer, counts[t])
            if grouped:
                app.save(client)
            else:
                app.events.put(client.collect_events())
            counts[t] += 1

    workers = [threading.Thread(target=loop, args=(t,)) for t in range(threads)]
    began = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / (time.monotonic() - began)


def batched_rate(app: SpotterApplication, events: int, per_save: int) -> float:
    """Events/s saving ``per_save`` client registrations per transaction, one thread."""
    meta, trainer = _meta(), uuid.uuid4()
    batches = [[_client(meta, trainer, i * per_save + j) for j in range(per_save)]
               for i in range(max(1, events // per_save))]
    began = time.perf_counter()
    for batch in batches:
        app.save(*batch)
    return len(batches) * per_save / (time.perf_counter() - began)


def run(seconds: float = 5.0, threads: int = 8, batch_events: int = 20_000,
        per_save: int = 200) -> dict[str, float]:
    infra = InfraSettings()
    with scratch_database(infra, "store") as url:
        app = open_application(url, create_table=True, pool_size=threads, max_overflow=threads)
        try:
            single = single_event_rate(app, seconds, threads)
            grouped = single_event_rate(app, seconds, threads, grouped=True)
            batched = batched_rate(app, batch_events, per_save)
        finally:
            app.close()
    return {"threads": threads, "per_save": per_save,
            "single_event_per_s": round(single, 1), "grouped_per_s": round(grouped, 1),
            "batched_per_s": round(batched, 1)}
