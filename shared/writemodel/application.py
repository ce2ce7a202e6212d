"""The one eventsourcing Application holding every aggregate (one events table, one log)."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent

from shared.writemodel.domain.base import SpotterAggregate
from shared.writemodel.group_commit import GroupCommit, put_events
from shared.writemodel.members import Members

A = TypeVar("A", bound=SpotterAggregate)

# The events table is "<name>_events", so renaming this breaks every existing store.
APPLICATION_NAME = "spotter"


class SpotterApplication(Application[UUID]):
    name = APPLICATION_NAME

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._group_commit: GroupCommit[Any, Any] = GroupCommit(put_events(self.events))
        self.members = Members()

    def save(self, *objs: Any, **kwargs: Any) -> list[Any]:
        """Record the aggregates' new events in one transaction, shared with the saves other
        threads make at the same moment (group_commit.py). Without options, a snapshot policy
        or an aggregate cache (none is configured) it is the library's save, batched."""
        if kwargs or self.snapshotting_intervals or self.repository.cache:
            return super().save(*objs, **kwargs)
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        processing.collect_events(*objs)
        return self._group_commit.put(processing.events)

    def get_aggregate(self, aggregate_id: UUID, kind: type[A], version: int | None = None) -> A:
        """The aggregate (at ``version`` if given); KeyError when unknown or of another kind."""
        try:
            aggregate: Any = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise KeyError(aggregate_id) from None
        if not isinstance(aggregate, kind):
            raise KeyError(aggregate_id)
        return aggregate
