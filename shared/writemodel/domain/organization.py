"""Organization: a tenant; every other aggregate belongs to exactly one."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

from shared.events.payloads import organizations as contract
from shared.writemodel.domain.base import EventMeta, SpotterAggregate


class Organization(SpotterAggregate):
    AGGREGATE_TYPE = "organization"

    class Created(SpotterAggregate.Created):
        CONTRACT = contract.OrganizationCreated
        name: str
        unit: str

        def apply(self, aggregate: Organization) -> None:
            aggregate.organization_id = str(self.originator_id)
            aggregate.name = self.name
            aggregate.unit = self.unit

    @classmethod
    def create(
        cls, *, organization_id: UUID, name: str, unit: str, now: datetime, meta: EventMeta
    ) -> Self:
        return cls._start(cls.Created, id=organization_id, now=now, meta=meta, name=name, unit=unit)
