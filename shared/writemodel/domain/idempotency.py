"""IdempotencyRecord: the stored response of a command sent with an idempotency key.

Internal (no public contract): saved in the same transaction as the command's own events, so a
retry either finds it or collides with it on insert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from shared.writemodel.domain.base import EventMeta, SpotterAggregate

_NAMESPACE = uuid5(NAMESPACE_URL, "https://spotter.invalid/idempotency")


def idempotency_record_id(organization_id: UUID | str, key: str) -> UUID:
    return uuid5(_NAMESPACE, f"{organization_id}:{key}")


class IdempotencyRecord(SpotterAggregate):
    AGGREGATE_TYPE = "idempotency"

    class Recorded(SpotterAggregate.Created):
        key: str
        command: str
        request_hash: str
        response: dict[str, Any]

        def apply(self, aggregate: IdempotencyRecord) -> None:
            aggregate.organization_id = self.meta["organization_id"]
            aggregate.command = self.command
            aggregate.request_hash = self.request_hash
            aggregate.response = self.response

    @classmethod
    def record(
        cls, *, key: str, command: str, request_hash: str, response: dict[str, Any],
        now: datetime, meta: EventMeta,
    ) -> Self:
        return cls._start(
            cls.Recorded, id=idempotency_record_id(meta.organization_id, key), now=now,
            meta=meta, key=key, command=command, request_hash=request_hash, response=response,
        )
