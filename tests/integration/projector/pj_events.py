"""Builders of valid envelope sequences for the projector tests (docs/event-catalogue.md)."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from services.projector.apply import Message
from services.projector.envelope import encode

METHODOLOGY = {"training_styles": ["strength"], "progression_method": "double_progression",
               "effort_scale": "rpe", "deload": {"every_weeks": 5, "volume_reduction_pct": 40},
               "philosophy": "", "voice": "", "preferred_exercises": [], "banned_exercises": [],
               "session_structure": {"warmup_min": 8, "finisher_min": 6},
               "generator_mode": "engine"}
EXERCISES = ("back_squat", "bench_press", "deadlift", "goblet_squat")
PLAN = {"warmup": [], "main": [], "finisher": [], "estimated_duration_min": 50,
        "rationale": ["test"], "generator": {"mode": "engine", "version": "t", "model": None}}


class Story:
    """One organization's history, built event by event with consistent versions and positions."""

    def __init__(self, seed: int = 0, start: datetime | None = None) -> None:
        self.rng = random.Random(seed)
        self.now = start or datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
        self.position = 0
        self.versions: dict[str, int] = {}
        self.org = self.uid()
        self.trainers: list[str] = []
        self.clients: list[str] = []
        self.sessions: dict[str, dict[str, Any]] = {}  # id -> {client, status}
        self.injuries: dict[str, list[str]] = {}

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def event(self, type_: str, agg_type: str, agg_id: str, payload: dict[str, Any],
              client_id: str | None = None, schema_version: int = 1) -> dict[str, Any]:
        self.position += 1
        self.now += timedelta(hours=self.rng.randint(1, 30))
        self.versions[agg_id] = self.versions.get(agg_id, 0) + 1
        return {"event_id": self.uid(), "type": type_, "schema_version": schema_version,
                "occurred_at": self.now.isoformat().replace("+00:00", "Z"),
                "organization_id": self.org, "actor": {"kind": "trainer", "id": "t"},
                "aggregate_type": agg_type, "aggregate_id": agg_id,
                "aggregate_version": self.versions[agg_id], "client_id": client_id,
                "correlation_id": "req-1", "causation_id": None, "position": self.position,
                "payload": payload}

    def organization(self) -> dict[str, Any]:
        return self.event("organization.created", "organization", self.org,
                          {"name": "Gym", "unit": "kg"})

    def trainer(self) -> dict[str, Any]:
        tid = self.uid()
        self.trainers.append(tid)
        return self.event("trainer.registered", "trainer", tid, {
            "trainer_id": tid, "name": "Tess", "email": "t@example.com",
            "methodology": METHODOLOGY, "methodology_version": 1})

    def client(self, trainer_id: str | None = None) -> dict[str, Any]:
        cid = self.uid()
        self.clients.append(cid)
        return self.event("client.registered", "client", cid, {
            "client_id": cid, "name": f"Client {len(self.clients)}",
            "trainer_id": trainer_id or self.trainers[0], "goals": [{"goal": "strength",
            "priority": 1}], "experience": "beginner", "sessions_per_week": 3,
            "birth_year": 1990, "notes": None}, client_id=cid)

    def injury(self, cid: str) -> dict[str, Any]:
        iid = self.uid()
        self.injuries.setdefault(cid, []).append(iid)
        return self.event("client.injury_reported", "client", cid, {
            "injury_id": iid, "region": "knee", "side": "left", "severity": 4,
            "status": "active", "description": "ache"}, client_id=cid)

    def resolve(self, cid: str, iid: str) -> dict[str, Any]:
        return self.event("client.injury_resolved", "client", cid,
                          {"injury_id": iid, "note": None}, client_id=cid)

    def equipment(self, cid: str, name: str = "main gym") -> dict[str, Any]:
        return self.event("client.equipment_profile_set", "client", cid,
                          {"profile_name": name, "items": ["barbell", "rack"]}, client_id=cid)

    def roadmap(self, cid: str) -> dict[str, Any]:
        block = {"index": 0, "name": "Base", "kind": "foundation", "weeks": 4, "focus": "full",
                 "rep_range": [8, 12], "effort_range": [6, 8], "weekly_sets_target": 12,
                 "progression": "double_progression", "deload_week": 4}
        return self.event("roadmap.generated", "client", cid, {
            "roadmap_id": self.uid(), "blocks": [block], "starts_on": "2026-01-05",
            "reason": "start", "engine_version": "1"}, client_id=cid)

    def request(self, cid: str, pain: bool = False) -> dict[str, Any]:
        sid = self.uid()
        self.sessions[sid] = {"client": cid, "status": "requested"}
        flags = [{"region": "knee", "side": "left", "severity": 5, "note": "sore",
                  "exercise_id": None}] if pain else []
        return self.event("session.requested", "session", sid, {
            "session_id": sid, "trainer_id": self.trainers[0], "duration_min": 60,
            "pain_flags": flags, "equipment_profile": None, "equipment": ["barbell"],
            "focus": "lower", "readiness": 4, "notes": None, "client_version": 1,
            "methodology_version": 1}, client_id=cid)

    def session_event(self, sid: str, type_: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.sessions[sid]["status"] = type_.split(".")[1]
        return self.event(type_, "session", sid, {"session_id": sid, **payload},
                          client_id=self.sessions[sid]["client"])

    def generated(self, sid: str) -> dict[str, Any]:
        return self.session_event(sid, "session.generated", {
            "plan": PLAN, "generator": {"mode": "engine", "version": "t", "model": None,
                                        "llm_calls": []}, "history_complete": True})

    def approved(self, sid: str) -> dict[str, Any]:
        return self.session_event(sid, "session.approved", {"note": None})

    def logged(self, sid: str, load: float = 100.0, pain: bool = False,
               exercise: str | None = None, reps: int | None = None) -> dict[str, Any]:
        ex = exercise or self.rng.choice(EXERCISES)
        sets = [{"reps": reps or self.rng.randint(3, 10), "load_kg": load,
                 "rpe": None if reps else self.rng.choice([None, 7, 8, 8.5, 9]), "rir": None,
                 "duration_s": None, "completed": True} for _ in range(3)]
        flags = [{"region": "knee", "side": "left", "severity": 3, "note": "", "exercise_id":
                  ex}] if pain else []
        return self.session_event(sid, "session.logged", {
            "exercises": [{"exercise_id": ex, "sets": sets}], "pain_flags": flags,
            "feel": 4, "session_rpe": 7, "benchmarks": [{"name": "row_500m", "value": 95,
            "unit": "s"}], "notes": "", "performed_on": self.now.date().isoformat()})

    def unknown(self, cid: str) -> dict[str, Any]:
        return self.event("client.horoscope_read", "client", cid, {"sign": "leo"},
                          client_id=cid)

    def newer(self, cid: str) -> dict[str, Any]:
        return self.event("client.equipment_profile_set", "client", cid,
                          {"profile_name": "x", "items": []}, client_id=cid, schema_version=9)


def to_messages(envs: list[dict[str, Any]], topic: str, partitions: int = 3,
                start_offsets: dict[int, int] | None = None) -> list[Message]:
    """Messages as the relay would publish them: keyed by client (else aggregate) id."""
    offsets = dict(start_offsets or {})
    out = []
    for env in envs:
        key = env.get("client_id") or env["aggregate_id"]
        part = uuid.UUID(key).int % partitions
        off = offsets.get(part, 0)
        offsets[part] = off + 1
        out.append(Message(topic, part, off, encode(env), key.encode()))
    return out
