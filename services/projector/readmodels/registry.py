"""Every read model, in the order they are applied (one dict of handlers each), and the
set-based writes that end a batch."""

from __future__ import annotations

from collections.abc import Callable

from services.projector.envelope import Envelope
from services.projector.readmodels import (
    audit_log,
    benchmarks,
    client_state,
    exercise_history,
    organizations,
    pain_timeline,
    sessions,
    trainers,
    watermarks,
)
from services.projector.stage import StagedCursor

Handler = Callable[[StagedCursor, Envelope], None]

READ_MODELS: tuple[dict[str, Handler], ...] = (
    organizations.HANDLERS,
    trainers.HANDLERS,
    client_state.HANDLERS,
    sessions.HANDLERS,
    exercise_history.HANDLERS,
    benchmarks.HANDLERS,
    pain_timeline.HANDLERS,
)

# the staged tables; sessions before exercise history only for a readable order of statements
FLUSHES: tuple[Callable[[StagedCursor], None], ...] = (
    audit_log.flush,
    client_state.flush,
    sessions.flush,
    exercise_history.flush,
    benchmarks.flush,
    pain_timeline.flush,
    watermarks.flush,
)


def dispatch(cur: StagedCursor, env: Envelope) -> None:
    for handlers in READ_MODELS:
        handler = handlers.get(env["type"])
        if handler is not None:
            handler(cur, env)


def flush(cur: StagedCursor) -> None:
    """Write everything the batch staged (one or two statements per table)."""
    for write in FLUSHES:
        write(cur)


def preload(cur: StagedCursor, envs: list[Envelope]) -> None:
    """Read every document the batch will evolve, one query per table."""
    for kind, keys, query in ((client_state.KIND, client_state.keys, client_state.LOAD_MANY),
                              (sessions.KIND, sessions.keys, sessions.LOAD_MANY)):
        wanted = {k for k in map(keys, envs) if k is not None}
        cur.preload_docs(kind, wanted, query)
