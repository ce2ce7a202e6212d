"""Client state as a pure fold over a client's events: ``evolve(state, envelope) -> state``.

Used by the client_state read model (stored as a document) and by time travel
(:func:`services.projector.time_travel.state_as_of`), so both agree by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.projector.domain.json_copy import json_copy
from services.projector.envelope import Envelope

State = dict[str, Any]
_PROFILE_FIELDS = ("name", "goals", "experience", "sessions_per_week", "birth_year", "notes",
                   "preferences")


def initial(client_id: str) -> State:
    return {
        "id": client_id, "organization_id": None, "trainer_id": None, "name": None,
        "goals": [], "experience": None, "sessions_per_week": None, "birth_year": None,
        "notes": None, "preferences": None, "injuries": {}, "active_injuries": [],
        "equipment_profiles": {}, "roadmap": None, "roadmap_position": None,
        "last_session": None, "adherence": {"planned": 0, "logged": 0, "rate": None},
        "latest_feel": None, "latest_session_rpe": None, "registered_at": None,
        "updated_at": None, "version": 0, "position": None,
    }


def _registered(s: State, p: dict, env: Envelope) -> None:
    s.update({k: p.get(k) for k in _PROFILE_FIELDS if k in p})
    s["trainer_id"] = p.get("trainer_id")
    s["registered_at"] = env["occurred_at"]


def _profile_updated(s: State, p: dict, env: Envelope) -> None:
    changes = p.get("changes") or {}
    s.update({k: v for k, v in changes.items() if k in _PROFILE_FIELDS})


def _injury_reported(s: State, p: dict, env: Envelope) -> None:
    s["injuries"][p["injury_id"]] = {
        "injury_id": p["injury_id"], "region": p.get("region"), "side": p.get("side"),
        "severity": p.get("severity"), "status": p.get("status") or "active",
        "description": p.get("description"), "reported_at": env["occurred_at"],
    }


def _injury_updated(s: State, p: dict, env: Envelope) -> None:
    injury = s["injuries"].get(p["injury_id"])
    if injury is None:
        return
    injury.update({k: p[k] for k in ("severity", "status", "description") if p.get(k) is not None})


def _injury_resolved(s: State, p: dict, env: Envelope) -> None:
    injury = s["injuries"].get(p["injury_id"])
    if injury is not None:
        injury.update(status="resolved", resolved_at=env["occurred_at"], note=p.get("note"))


def _equipment_set(s: State, p: dict, env: Envelope) -> None:
    s["equipment_profiles"][p["profile_name"]] = list(p.get("items") or [])


def _transferred(s: State, p: dict, env: Envelope) -> None:
    s["trainer_id"] = p.get("to_trainer_id")


def _roadmap_generated(s: State, p: dict, env: Envelope) -> None:
    s["roadmap"] = {"roadmap_id": p["roadmap_id"], "blocks": p.get("blocks") or [],
                    "starts_on": p.get("starts_on"), "reason": p.get("reason"),
                    "engine_version": p.get("engine_version")}
    s["roadmap_position"] = {"block_index": 0, "week": 1}


def _roadmap_adjusted(s: State, p: dict, env: Envelope) -> None:
    if s["roadmap"] is None:
        return
    keep = [b for b in s["roadmap"]["blocks"] if b.get("index", 0) < p.get("from_block_index", 0)]
    s["roadmap"]["blocks"] = keep + list(p.get("blocks") or [])
    s["roadmap"]["reason"] = p.get("reason")


def _block_advanced(s: State, p: dict, env: Envelope) -> None:
    # The calendar runs on from here: the generator counts weeks since this date.
    s["roadmap_position"] = {"block_index": p.get("block_index"), "week": p.get("week"),
                             "anchored_on": str(env["occurred_at"])[:10]}


def _session_generated(s: State, p: dict, env: Envelope) -> None:
    s["adherence"]["planned"] += 1


def _session_logged(s: State, p: dict, env: Envelope) -> None:
    s["adherence"]["logged"] += 1
    s["last_session"] = {"session_id": p.get("session_id"), "performed_on": p.get("performed_on"),
                         "feel": p.get("feel"), "session_rpe": p.get("session_rpe")}
    s["latest_feel"] = p.get("feel")
    s["latest_session_rpe"] = p.get("session_rpe")


HANDLERS: dict[str, Callable[[State, dict, Envelope], None]] = {
    "client.registered": _registered,
    "client.profile_updated": _profile_updated,
    "client.injury_reported": _injury_reported,
    "client.injury_updated": _injury_updated,
    "client.injury_resolved": _injury_resolved,
    "client.equipment_profile_set": _equipment_set,
    "client.transferred": _transferred,
    "roadmap.generated": _roadmap_generated,
    "roadmap.adjusted": _roadmap_adjusted,
    "roadmap.block_advanced": _block_advanced,
    "session.generated": _session_generated,
    "session.logged": _session_logged,
}


def client_id_of(env: Envelope) -> str | None:
    if env.get("client_id"):
        return str(env["client_id"])
    if env.get("aggregate_type") == "client" and env.get("aggregate_id"):
        return str(env["aggregate_id"])
    return None


def evolve(state: State | None, env: Envelope, *, owned: bool = False) -> State:
    """The state after ``env``; the input is not modified unless ``owned`` (the caller holds
    the only reference to it and gives it up: the copy is skipped). Irrelevant events leave it
    as is."""
    handler = HANDLERS.get(env["type"])
    cid = client_id_of(env)
    if handler is None or cid is None:
        return state if state is not None else initial(cid or "")
    if state is None:
        s = initial(cid)
    else:
        s = state if owned else json_copy(state)
    handler(s, env["payload"], env)
    if env.get("organization_id"):
        s["organization_id"] = env["organization_id"]
    if env.get("aggregate_type", "client") == "client" and env.get("aggregate_version"):
        s["version"] = env["aggregate_version"]
    s["position"] = env.get("position")
    s["updated_at"] = env["occurred_at"]
    # by report time: the stored document's key order is not the insertion order (jsonb)
    s["active_injuries"] = sorted(
        (i for i in s["injuries"].values() if i["status"] != "resolved"),
        key=lambda i: (i.get("reported_at") or "", i["injury_id"]))
    planned = s["adherence"]["planned"]
    s["adherence"]["rate"] = round(s["adherence"]["logged"] / planned, 3) if planned else None
    return s
