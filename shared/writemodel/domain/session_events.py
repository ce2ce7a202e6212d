"""The events of a TrainingSession after its request (mixed into the aggregate)."""

from __future__ import annotations

from typing import Any

from shared.events.payloads import sessions as contract
from shared.writemodel.domain.base import SpotterAggregate


class SessionEvents:
    class Generated(SpotterAggregate.Event):
        CONTRACT = contract.SessionGenerated
        session_id: str
        plan: dict[str, Any]
        generator: dict[str, Any]
        history_complete: bool

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "generated"
            aggregate.plan = self.plan
            aggregate.generator = self.generator

    class GenerationFailed(SpotterAggregate.Event):
        CONTRACT = contract.SessionGenerationFailed
        session_id: str
        reason: str
        retryable: bool

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "failed"
            aggregate.failure = {"reason": self.reason, "referral": None}

    class Referred(SpotterAggregate.Event):
        CONTRACT = contract.SessionReferred
        session_id: str
        reason: str
        referral: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "referred"
            aggregate.failure = {"reason": self.reason, "referral": self.referral}

    class Edited(SpotterAggregate.Event):
        CONTRACT = contract.SessionEdited
        session_id: str
        plan: dict[str, Any]
        note: str | None

        def apply(self, aggregate: Any) -> None:
            # An edited plan needs the trainer's approval again.
            aggregate.status = "generated"
            aggregate.plan = self.plan

    class Approved(SpotterAggregate.Event):
        CONTRACT = contract.SessionApproved
        session_id: str
        note: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "approved"

    class Logged(SpotterAggregate.Event):
        CONTRACT = contract.SessionLogged
        session_id: str
        exercises: list[dict[str, Any]]
        pain_flags: list[dict[str, Any]]
        feel: int
        session_rpe: int
        benchmarks: list[dict[str, Any]]
        notes: str | None
        performed_on: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "logged"
            aggregate.performed_on = self.performed_on

    class Cancelled(SpotterAggregate.Event):
        CONTRACT = contract.SessionCancelled
        session_id: str
        reason: str | None

        def apply(self, aggregate: Any) -> None:
            aggregate.status = "cancelled"
