"""Time travel: a client's state as of a past instant, folded from the client's history with the
same pure handlers the live read model uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from services.projector.domain.client_state import State, evolve
from services.projector.envelope import current, occurred_at


def state_as_of(events: Iterable[dict[str, Any]], instant: datetime) -> State | None:
    """The client state after every event that occurred at or before ``instant`` (aware
    datetime), in global order; None when the client did not exist yet."""
    upcast = (current(e) for e in events)
    relevant = sorted(
        (e for e, reason in upcast if reason is None and occurred_at(e) <= instant),
        key=lambda e: (e.get("position") or 0, occurred_at(e)),
    )
    state: State | None = None
    for env in relevant:
        if state is None and env["type"] != "client.registered":
            continue
        state = evolve(state, env)
    return state
