"""The write model as the generator uses it: read a methodology version, record the result.

Every result carries the request's session version as the expected version, so of two workers
(or one redelivery) only the first write succeeds; the others get Conflict/AlreadyGenerated.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import weakref
from typing import Any
from uuid import UUID

from shared.events.envelope import Actor, Envelope
from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.session import TrainingSession
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.errors import Conflict, InvalidTransition
from shared.writemodel.sessions.record_generated import RecordGenerated, record_generated
from shared.writemodel.sessions.record_generation_failed import (
    RecordGenerationFailed,
    record_generation_failed,
)
from shared.writemodel.sessions.refer_session import ReferSession, refer_session
from shared.writemodel.store import open_application

from services.generator.outcomes import GenerationFailed, Generated, Outcome, Referred

ACTOR = Actor(kind="service", id="generator")
LOST_RACE = (Conflict, InvalidTransition)  # AlreadyGenerated is an InvalidTransition
_CACHE_MAX = 1024
_CACHE_LOCK = threading.Lock()
# Keyed weakly by application: a closed application (tests open many) takes its cache along.
_Cache = dict[tuple[str, int], dict[str, Any]]
_METHODOLOGIES: weakref.WeakKeyDictionary[SpotterApplication, _Cache] = weakref.WeakKeyDictionary()


def open_write_model(database_url: str) -> SpotterApplication:
    # No ping per checkout: after a PostgreSQL restart the pool would check its dead idle
    # connections one by one with a growing back-off (~30 s stalled). Without it a statement
    # on a dead connection fails fast, the library retries on a fresh one, and the worker
    # purges the rest (worker/reconnect.py).
    return open_application(database_url, create_table=False, pre_ping=False)


def methodology_at(app: SpotterApplication, trainer_id: str, version: int) -> dict[str, Any]:
    """The trainer's methodology as of ``version`` (a copy: the cached one stays pristine).

    A recorded methodology version never changes, so it is cached per application rather than
    replaying the trainer's events for every request; failures are not cached."""
    key = (trainer_id, version)
    with _CACHE_LOCK:
        cache = _METHODOLOGIES.setdefault(app, {})
        found = cache.get(key)
    if found is None:
        found = dict(app.get_aggregate(UUID(trainer_id), Trainer).methodology_at(version))
        with _CACHE_LOCK:
            if len(cache) >= _CACHE_MAX:
                cache.clear()
            cache[key] = found
    return copy.deepcopy(found)


def session_status(app: SpotterApplication, session_id: str) -> str | None:
    """The session's status in the write model (None: unknown)."""
    try:
        return str(app.get_aggregate(UUID(session_id), TrainingSession).status)
    except KeyError:
        return None


def record(app: SpotterApplication, request: Envelope, outcome: Outcome,
           now: dt.datetime) -> bool:
    """Record the outcome for the request; False when another result got there first."""
    ctx = CommandContext(
        organization_id=request.organization_id, actor=ACTOR,
        correlation_id=request.correlation_id, causation_id=str(request.event_id), now=now,
        expected_version=request.aggregate_version,
    )
    session_id = request.aggregate_id
    try:
        if isinstance(outcome, Generated):
            record_generated(app, RecordGenerated(
                session_id=session_id, plan=outcome.plan, generator=outcome.generator,
                history_complete=outcome.history_complete), ctx)
        elif isinstance(outcome, Referred):
            refer_session(app, ReferSession(session_id=session_id, reason=outcome.reason,
                                            referral=outcome.referral), ctx)
        else:
            assert isinstance(outcome, GenerationFailed)
            record_generation_failed(app, RecordGenerationFailed(
                session_id=session_id, reason=outcome.reason, retryable=outcome.retryable), ctx)
    except LOST_RACE:
        return False
    return True
