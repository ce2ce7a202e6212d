"""Trainer: identity and methodology, with every methodology version kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self
from uuid import UUID

from shared.events.payloads import trainers as contract
from shared.writemodel.domain.base import EventMeta, SpotterAggregate
from shared.writemodel.errors import UnknownMethodologyVersion


class Trainer(SpotterAggregate):
    AGGREGATE_TYPE = "trainer"

    class Registered(SpotterAggregate.Created):
        CONTRACT = contract.TrainerRegistered
        trainer_id: str
        name: str
        email: str
        methodology: dict[str, Any]
        methodology_version: int

        def apply(self, aggregate: Trainer) -> None:
            aggregate.organization_id = self.meta["organization_id"]
            aggregate.name = self.name
            aggregate.email = self.email
            aggregate.methodologies = {self.methodology_version: self.methodology}
            aggregate.methodology_version = self.methodology_version

    class MethodologyUpdated(SpotterAggregate.Event):
        CONTRACT = contract.MethodologyUpdated
        methodology: dict[str, Any]
        methodology_version: int
        reason: str | None

        def apply(self, aggregate: Trainer) -> None:
            aggregate.methodologies[self.methodology_version] = self.methodology
            aggregate.methodology_version = self.methodology_version

    @classmethod
    def register(
        cls, *, trainer_id: UUID, name: str, email: str, methodology: dict[str, Any],
        now: datetime, meta: EventMeta,
    ) -> Self:
        return cls._start(
            cls.Registered, id=trainer_id, now=now, meta=meta, trainer_id=trainer_id, name=name,
            email=email, methodology=methodology, methodology_version=1,
        )

    @property
    def methodology(self) -> dict[str, Any]:
        return self.methodologies[self.methodology_version]

    def methodology_at(self, version: int) -> dict[str, Any]:
        """The complete methodology as it was at ``version`` (sessions record which one)."""
        try:
            return self.methodologies[version]
        except KeyError:
            raise UnknownMethodologyVersion(
                f"trainer {self.id} has no methodology version {version}"
            ) from None

    def update_methodology(
        self, *, methodology: dict[str, Any], reason: str | None, now: datetime, meta: EventMeta
    ) -> None:
        self._record(
            self.MethodologyUpdated, now=now, meta=meta, methodology=methodology,
            methodology_version=self.methodology_version + 1, reason=reason,
        )
