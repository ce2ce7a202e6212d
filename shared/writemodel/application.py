"""The one eventsourcing Application holding every aggregate (one events table, one log)."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application

from shared.writemodel.domain.base import SpotterAggregate

A = TypeVar("A", bound=SpotterAggregate)

# The events table is "<name>_events", so renaming this breaks every existing store.
APPLICATION_NAME = "spotter"


class SpotterApplication(Application[UUID]):
    name = APPLICATION_NAME

    def get_aggregate(self, aggregate_id: UUID, kind: type[A], version: int | None = None) -> A:
        """The aggregate (at ``version`` if given); KeyError when unknown or of another kind."""
        try:
            aggregate: Any = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise KeyError(aggregate_id) from None
        if not isinstance(aggregate, kind):
            raise KeyError(aggregate_id)
        return aggregate
