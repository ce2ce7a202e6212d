"""Which aggregates are known to exist in which organization: permanent facts, remembered.

A command that only needs to know that an aggregate exists in the caller's organization (a
client registered under a trainer, a key issued for a trainer) would otherwise read and replay
that aggregate's events every time. Neither fact can change once true: the event store
deletes nothing, and an aggregate's organization is set when it is created. So a positive
answer is kept (bounded, least recently used first out); a negative one is never kept, as the
aggregate may be created a moment later.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from uuid import UUID

MAX_REMEMBERED = 50_000


class Members:
    def __init__(self, capacity: int = MAX_REMEMBERED) -> None:
        self.capacity = capacity
        self._known: OrderedDict[tuple[UUID, type, str], None] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, aggregate_id: UUID, kind: type, organization_id: object) -> bool:
        key = (aggregate_id, kind, str(organization_id))
        with self._lock:
            if key not in self._known:
                return False
            self._known.move_to_end(key)
            return True

    def remember(self, aggregate_id: UUID, kind: type, organization_id: object) -> None:
        key = (aggregate_id, kind, str(organization_id))
        with self._lock:
            self._known[key] = None
            self._known.move_to_end(key)
            while len(self._known) > self.capacity:
                self._known.popitem(last=False)
