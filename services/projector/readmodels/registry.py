"""Every read model, in the order they are applied (one dict of handlers each)."""

from __future__ import annotations

from typing import Callable

from psycopg import Cursor

from services.projector.envelope import Envelope
from services.projector.readmodels import (
    benchmarks,
    client_state,
    exercise_history,
    organizations,
    pain_timeline,
    sessions,
    trainers,
)

Handler = Callable[[Cursor, Envelope], None]

READ_MODELS: tuple[dict[str, Handler], ...] = (
    organizations.HANDLERS,
    trainers.HANDLERS,
    client_state.HANDLERS,
    sessions.HANDLERS,
    exercise_history.HANDLERS,
    benchmarks.HANDLERS,
    pain_timeline.HANDLERS,
)


def dispatch(cur: Cursor, env: Envelope) -> None:
    for handlers in READ_MODELS:
        handler = handlers.get(env["type"])
        if handler is not None:
            handler(cur, env)
