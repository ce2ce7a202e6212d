"""The seam to shared.writemodel: opening the application, references for access checks,
views read straight from aggregates (strongly consistent), and authentication.

Commands live in ``adapters/commands.py``; this is the only place that knows the write model's
module layout, so re-wiring is a change here.
"""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg
import psycopg_pool
from eventsourcing import persistence as es

from services.api.adapters.commands import CommandContext, Commands
from services.api.adapters.store_wakeups import StoreWakeups
from services.api.adapters.writemodel_docs import client_document, session_document
from services.api.auth.principal import Principal
from shared.writemodel import errors as domain_errors
from shared.writemodel.application import SpotterApplication
from shared.writemodel.domain.api_key import ApiKey
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.sessions import request_session as _request_session
from shared.writemodel.store import aggregate_as_of

__all__ = [
    "ClientRef", "CommandContext", "Conflict", "IdempotencyMismatch", "INVALID_STATE_ERRORS",
    "NotFound", "SessionRef", "TrainerRef", "UNAVAILABLE_ERRORS", "WriteModel",
]

Conflict = domain_errors.Conflict
NotFound = domain_errors.NotFound
IdempotencyMismatch = domain_errors.IdempotencyKeyReused
INVALID_STATE_ERRORS: tuple[type[Exception], ...] = (
    domain_errors.InvalidTransition, domain_errors.CrossOrganizationTransfer,
)
NOT_FOUND_ERRORS: tuple[type[Exception], ...] = (
    domain_errors.NotFound, domain_errors.InjuryNotFound,
)
UnknownEquipmentProfile = _request_session.UnknownEquipmentProfile
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    psycopg.OperationalError, psycopg.InterfaceError, psycopg_pool.PoolTimeout,
    psycopg_pool.PoolClosed, es.OperationalError, es.InterfaceError,
)

_POLL_S = 0.05  # re-read interval of a long-poll without a listening StoreWakeups


@dataclass(frozen=True)
class ClientRef:
    id: UUID
    trainer_id: UUID
    version: int
    aggregate: Client


@dataclass(frozen=True)
class SessionRef:
    id: UUID
    client_id: UUID
    version: int


@dataclass(frozen=True)
class TrainerRef:
    id: UUID
    version: int
    aggregate: Trainer


class WriteModel(Commands):
    def __init__(self, app: SpotterApplication) -> None:
        self.app = app
        # Set by the composition root: long-polls then wake on the event store's NOTIFY.
        self.wakeups: StoreWakeups | None = None
        self.wake_recheck_s = 1.0
        self._units: dict[UUID, str] = {}  # an organization's unit never changes

    @classmethod
    def open(
        cls, database_url: str, *, create_table: bool, pool_size: int = 10,
        connect_timeout_s: int = 3,
    ) -> WriteModel:
        """Open the event store; a short connection wait turns an outage into a quick 503."""
        from shared.writemodel.store import postgres_env

        if create_table and _events_table_exists(database_url):
            # Migrated by the owner role: the app role may lack CREATE on the schema.
            create_table = False
        env = postgres_env(database_url, create_table=create_table, pool_size=pool_size,
                           max_overflow=pool_size)
        env["POSTGRES_CONNECT_TIMEOUT"] = str(connect_timeout_s)
        # No ping per checkout (a round trip per query): the library retries a failed
        # statement on a fresh connection, and the database gate covers outages.
        env["POSTGRES_PRE_PING"] = "n"
        return cls(SpotterApplication(env=env))

    def close(self) -> None:
        if self.wakeups is not None:
            self.wakeups.close()
        self.app.close()

    def _get(self, kind: type, aggregate_id: UUID, organization_id: UUID | None) -> Any:
        try:
            aggregate = self.app.get_aggregate(aggregate_id, kind)
        except KeyError:
            return None
        if organization_id is not None and aggregate.organization_id != str(organization_id):
            return None
        return aggregate

    # -- authentication ---------------------------------------------------------------------
    def authenticate(self, key_id: UUID, secret: str) -> Principal | None:
        key = self._get(ApiKey, key_id, None)
        if key is None or not key.verify(secret):
            return None
        trainer = UUID(key.trainer_id) if key.trainer_id else None
        return Principal(key.id, UUID(key.organization_id), key.role, trainer)

    # -- references for access checks -------------------------------------------------------
    def client_ref(self, organization_id: UUID, client_id: UUID) -> ClientRef | None:
        client = self._get(Client, client_id, organization_id)
        if client is None:
            return None
        return ClientRef(client.id, UUID(str(client.trainer_id)), client.version, client)

    def session_ref(self, organization_id: UUID, session_id: UUID) -> SessionRef | None:
        session = self._get(TrainingSession, session_id, organization_id)
        if session is None:
            return None
        return SessionRef(session.id, UUID(str(session.client_id)), session.version)

    def trainer_ref(self, organization_id: UUID, trainer_id: UUID) -> TrainerRef | None:
        trainer = self._get(Trainer, trainer_id, organization_id)
        return None if trainer is None else TrainerRef(trainer.id, trainer.version, trainer)

    def key_exists(self, organization_id: UUID, key_id: UUID) -> bool:
        return self._get(ApiKey, key_id, organization_id) is not None

    def organization_unit(self, organization_id: UUID) -> str:
        from shared.writemodel.domain.organization import Organization

        if organization_id not in self._units:
            org = self._get(Organization, organization_id, None)
            self._units[organization_id] = getattr(org, "unit", "kg") if org else "kg"
        return self._units[organization_id]

    # -- views from aggregates --------------------------------------------------------------
    def trainer_view(self, ref: TrainerRef) -> dict[str, Any]:
        t = ref.aggregate
        return {"id": t.id, "name": t.name, "email": t.email, "methodology": t.methodology,
                "methodology_version": t.methodology_version, "version": t.version}

    def roadmap_view(self, ref: ClientRef) -> dict[str, Any]:
        roadmap = ref.aggregate.roadmap
        if roadmap is None:
            raise NotFound("no roadmap yet")
        return {**roadmap, "position": ref.aggregate.roadmap_position,
                "version": ref.aggregate.version}

    def session_view(
        self, organization_id: UUID, session_id: UUID, wait_s: float = 0.0
    ) -> dict[str, Any]:
        """The session; while it is ``requested``, wait up to ``wait_s`` for the generator:
        woken by the event store's notification, re-read at a bounded interval regardless."""
        deadline = time.monotonic() + wait_s
        wakeups = self.wakeups
        watching = (wakeups.watch(str(session_id)) if wakeups and wait_s > 0
                    else nullcontext(threading.Event()))
        with watching as woken:
            while True:
                s = self._get(TrainingSession, session_id, organization_id)
                if s is None:
                    raise NotFound("session")
                remaining = deadline - time.monotonic()
                if s.status != "requested" or remaining <= 0:
                    return session_document(s)
                listening = wakeups is not None and wakeups.listening
                woken.wait(min(remaining, self.wake_recheck_s if listening else _POLL_S))
                woken.clear()

    def client_as_of(self, ref: ClientRef, instant: datetime) -> dict[str, Any] | None:
        """The client's state at ``instant``, folded from its stored events."""
        try:
            client = aggregate_as_of(self.app, ref.id, Client, instant)
        except KeyError:
            return None
        return {**client_document(client), "as_of": instant}


def _events_table_exists(database_url: str) -> bool:
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        row = conn.execute("SELECT to_regclass(%s)", (f"{SpotterApplication.name}_events",))
        found = row.fetchone()
    return bool(found and found[0])
