"""Handle one session.requested event: skip if answered, load, generate, record."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Callable

import structlog
from psycopg_pool import ConnectionPool

from services.generator.adapters import writemodel
from services.generator.adapters.ports import EnginePort
from services.generator.llm.client import LlmClient
from services.generator.modes import chosen_mode, generate
from services.generator.outcomes import Generated, GenerationFailed, Outcome
from services.generator.worker import metrics
from services.generator.worker.loading import INCOMPLETE_NOTE, load_request
from shared.events.envelope import Envelope
from shared.writemodel.application import SpotterApplication

log = structlog.get_logger(__name__)

INTERNAL_FAILURE = ("The generator could not build this session after several attempts "
                    "(an internal error has been reported); request the session again, and "
                    "contact support if it keeps failing")


@dataclass
class HandlerDeps:
    app: SpotterApplication
    pool: ConnectionPool
    engine: EnginePort
    llm: LlmClient | None
    default_mode: str
    watermark_timeout_s: float
    history_days: int
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)


def _with_incomplete_note(outcome: Outcome, timeout_s: float) -> Outcome:
    if isinstance(outcome, Generated) and not outcome.history_complete:
        plan = {**outcome.plan, "rationale": [*outcome.plan.get("rationale", []),
                                              INCOMPLETE_NOTE.format(timeout=timeout_s)]}
        return Generated(plan, outcome.llm_calls, False)
    return outcome


def outcome_label(outcome: Outcome) -> str:
    if isinstance(outcome, Generated):
        return "generated"
    return "failed" if isinstance(outcome, GenerationFailed) else "referred"


def handle_session_requested(envelope: Envelope, deps: HandlerDeps) -> str:
    """What happened: generated | referred | failed | duplicate (someone answered first) |
    unknown (no such session in the event store)."""
    session_id = str(envelope.aggregate_id)
    status = writemodel.session_status(deps.app, session_id)
    if status is None:  # published from another store: nothing here to record a result on
        log.warning("session_unknown", session_id=session_id)
        metrics.observe_generation("unknown", "unknown", 0.0)
        return "unknown"
    if status != "requested":
        log.info("session_already_answered", session_id=session_id, status=status)
        metrics.observe_generation("unknown", "duplicate", 0.0)
        return "duplicate"
    started = time.perf_counter()
    with deps.pool.connection() as conn:
        request = load_request(envelope, conn, deps.app,
                               watermark_timeout_s=deps.watermark_timeout_s,
                               history_days=deps.history_days)
    loaded = time.perf_counter()
    mode = chosen_mode(request, deps.default_mode)
    outcome = _with_incomplete_note(generate(request, deps.engine, deps.llm, deps.default_mode),
                                    deps.watermark_timeout_s)
    generated = time.perf_counter()
    recorded = writemodel.record(deps.app, envelope, outcome, deps.clock())
    label = outcome_label(outcome) if recorded else "duplicate"
    elapsed = time.perf_counter() - started
    metrics.observe_generation(mode, label, elapsed)
    # Phase timings: where a slow round trip spends its time (see bench/e2e_bench.py).
    log.info("session_request_handled", session_id=session_id, outcome=label, mode=mode,
             history_complete=request.history_complete, duration_ms=round(elapsed * 1000, 1),
             load_ms=round((loaded - started) * 1000, 1),
             generate_ms=round((generated - loaded) * 1000, 1),
             record_ms=round((started + elapsed - generated) * 1000, 1))
    return label


def record_internal_failure(envelope: Envelope, deps: HandlerDeps) -> bool:
    """After bounded retries: give the trainer a result they can act on (once, as always)."""
    recorded = writemodel.record(deps.app, envelope, GenerationFailed(INTERNAL_FAILURE, True),
                                 deps.clock())
    metrics.observe_generation("unknown", "failed" if recorded else "duplicate", 0.0)
    return recorded
