"""TrainingSession: requested → generated | failed | referred → (edited) → approved → logged,
or cancelled at any point before it is logged. Its id is the session_id."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Self
from uuid import UUID

from shared.events.payloads import sessions as contract
from shared.writemodel.domain.base import EventMeta, SpotterAggregate
from shared.writemodel.domain.session_events import SessionEvents
from shared.writemodel.errors import AlreadyGenerated, InvalidTransition


class TrainingSession(SessionEvents, SpotterAggregate):
    AGGREGATE_TYPE = "session"

    class Requested(SpotterAggregate.Created):
        CONTRACT = contract.SessionRequested
        session_id: str
        trainer_id: str
        duration_min: int
        pain_flags: list[dict[str, Any]]
        equipment_profile: str | None
        equipment: list[str]
        focus: str | None
        readiness: int | None
        notes: str | None
        client_version: int
        methodology_version: int

        def apply(self, aggregate: TrainingSession) -> None:
            aggregate.organization_id = self.meta["organization_id"]
            aggregate.client_id = self.meta["client_id"]
            aggregate.trainer_id = self.trainer_id
            aggregate.request = {
                k: getattr(self, k) for k in self.CONTRACT.model_fields if k != "session_id"
            }
            aggregate.status = "requested"
            aggregate.plan = None
            aggregate.generator = None
            aggregate.failure = None

    @classmethod
    def request(
        cls, *, session_id: UUID, client_id: UUID, trainer_id: UUID, duration_min: int,
        pain_flags: list[dict[str, Any]], equipment_profile: str | None, equipment: list[str],
        focus: str | None, readiness: int | None, notes: str | None, client_version: int,
        methodology_version: int, now: datetime, meta: EventMeta,
    ) -> Self:
        return cls._start(
            cls.Requested, id=session_id, now=now, meta=meta.for_client(client_id),
            session_id=session_id, trainer_id=trainer_id, duration_min=duration_min,
            pain_flags=pain_flags, equipment_profile=equipment_profile, equipment=equipment,
            focus=focus, readiness=readiness, notes=notes, client_version=client_version,
            methodology_version=methodology_version,
        )

    def _record(self, event_class: Any, *, now: datetime, meta: EventMeta, **fields: Any) -> None:
        # Every session event carries its client id, so it travels keyed by the client.
        super()._record(
            event_class, now=now, meta=meta.for_client(self.client_id), session_id=self.id,
            **fields,
        )

    def _require(self, *allowed: str, action: str) -> None:
        if self.status not in allowed:
            raise InvalidTransition(f"cannot {action} a session that is {self.status}")

    def _require_requested(self) -> None:
        if self.status in ("generated", "failed", "referred", "approved", "logged"):
            raise AlreadyGenerated(f"session {self.id} already has a generator result")
        self._require("requested", action="record a generator result for")

    def record_generated(
        self, *, plan: dict[str, Any], generator: dict[str, Any], history_complete: bool,
        now: datetime, meta: EventMeta,
    ) -> None:
        self._require_requested()
        self._record(
            self.Generated, now=now, meta=meta, plan=plan, generator=generator,
            history_complete=history_complete,
        )

    def record_generation_failed(
        self, *, reason: str, retryable: bool, now: datetime, meta: EventMeta
    ) -> None:
        self._require_requested()
        self._record(self.GenerationFailed, now=now, meta=meta, reason=reason, retryable=retryable)

    def refer(self, *, reason: str, referral: str, now: datetime, meta: EventMeta) -> None:
        self._require_requested()
        self._record(self.Referred, now=now, meta=meta, reason=reason, referral=referral)

    def edit(self, *, plan: dict[str, Any], note: str | None, now: datetime, meta: EventMeta) -> None:
        self._require("generated", "approved", action="edit")
        self._record(self.Edited, now=now, meta=meta, plan=plan, note=note)

    def approve(self, *, note: str | None, now: datetime, meta: EventMeta) -> None:
        self._require("generated", action="approve")
        self._record(self.Approved, now=now, meta=meta, note=note)

    def log(
        self, *, exercises: list[dict[str, Any]], pain_flags: list[dict[str, Any]], feel: int,
        session_rpe: int, benchmarks: list[dict[str, Any]], notes: str | None,
        performed_on: date, now: datetime, meta: EventMeta,
    ) -> None:
        self._require("generated", "approved", action="log")
        self._record(
            self.Logged, now=now, meta=meta, exercises=exercises, pain_flags=pain_flags,
            feel=feel, session_rpe=session_rpe, benchmarks=benchmarks, notes=notes,
            performed_on=performed_on,
        )

    def cancel(self, *, reason: str | None, now: datetime, meta: EventMeta) -> None:
        self._require("requested", "generated", "failed", "referred", "approved", action="cancel")
        self._record(self.Cancelled, now=now, meta=meta, reason=reason)
