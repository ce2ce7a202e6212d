"""A training session as a pure fold over its events: ``evolve(state, envelope) -> state``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.projector.envelope import Envelope

State = dict[str, Any]


def _requested(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "requested"
    s["trainer_id"] = p.get("trainer_id")
    s["requested_at"] = env["occurred_at"]
    s["request"] = {k: p.get(k) for k in (
        "duration_min", "pain_flags", "equipment_profile", "equipment", "focus", "readiness",
        "notes", "client_version", "methodology_version")}


def _generated(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "generated"
    s["plan"] = p.get("plan")
    s["generator"] = p.get("generator")
    s["history_complete"] = p.get("history_complete")
    s["failure"] = None


def _failed(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "failed"
    s["failure"] = {"reason": p.get("reason"), "referral": None, "retryable": p.get("retryable")}


def _referred(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "referred"
    s["failure"] = {"reason": p.get("reason"), "referral": p.get("referral")}


def _edited(s: State, p: dict, env: Envelope) -> None:
    s["edits"].append({"at": env["occurred_at"], "note": p.get("note"), "actor": env.get("actor")})
    s["plan"] = p.get("plan")


def _approved(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "approved"
    s["approval"] = {"at": env["occurred_at"], "note": p.get("note"), "actor": env.get("actor")}


def _logged(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "logged"
    s["log"] = {k: p.get(k) for k in (
        "exercises", "pain_flags", "feel", "session_rpe", "benchmarks", "notes", "performed_on")}


def _cancelled(s: State, p: dict, env: Envelope) -> None:
    s["status"] = "cancelled"
    s["cancellation"] = {"at": env["occurred_at"], "reason": p.get("reason")}


HANDLERS: dict[str, Callable[[State, dict, Envelope], None]] = {
    "session.requested": _requested,
    "session.generated": _generated,
    "session.generation_failed": _failed,
    "session.referred": _referred,
    "session.edited": _edited,
    "session.approved": _approved,
    "session.logged": _logged,
    "session.cancelled": _cancelled,
}


def initial(session_id: str, client_id: str) -> State:
    return {"id": session_id, "client_id": client_id, "organization_id": None,
            "trainer_id": None, "status": "requested", "version": 0, "requested_at": None,
            "updated_at": None, "request": None, "plan": None, "generator": None,
            "history_complete": None, "edits": [], "approval": None, "log": None,
            "failure": None, "cancellation": None}


def evolve(state: State | None, env: Envelope) -> State:
    """The session after ``env``; the input is not modified."""
    p = env["payload"]
    if state is None:
        s = initial(str(p["session_id"]), str(env.get("client_id")))
    else:
        # the handlers assign top-level keys and append to edits, nothing deeper: copying
        # those two levels keeps the input intact at a fraction of a deep copy (plans are big)
        s = dict(state)
        if isinstance(s.get("edits"), list):
            s["edits"] = list(s["edits"])
    HANDLERS[env["type"]](s, p, env)
    s["organization_id"] = env.get("organization_id") or s["organization_id"]
    s["version"] = env.get("aggregate_version") or s["version"] + 1
    s["updated_at"] = env["occurred_at"]
    return s
