"""The raw event data of a simulated gym chain: one organization, hundreds of trainers,
thousands of clients and a year of sessions (requested, generated, approved, logged), as the
relay would publish it (envelope JSON, keys, headers, increasing positions).

Deterministic for a seed. Payloads start from the catalogue's examples; the first envelope of
each type and every 997th are validated by the shared/events models, the rest are encoded with
json.dumps directly so a million events take a minute, not ten.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

from pydantic_core import to_json

from shared.events import examples
from shared.events.envelope import Envelope
from shared.events.topics import CLIENTS, ORGANIZATIONS, TRAINERS, topic_for_event_type, topic_name

EVENTS_PER_CLIENT_YEAR = 560  # about 3 sessions a week x 4 events x 52 weeks, minus misses
LIFTS = ("back_squat", "romanian_deadlift", "barbell_bench_press", "barbell_bent_over_row",
         "lat_pulldown", "front_plank", "trap_bar_deadlift", "goblet_squat")
START = datetime(2025, 12, 1, 7, tzinfo=UTC)


def topics(prefix: str) -> list[str]:
    return [topic_name(prefix, t) for t in (ORGANIZATIONS, TRAINERS, CLIENTS)]


@dataclass
class _Client:
    id: str
    trainer: str
    per_week: int
    version: int = 0
    load: float = 40.0
    sessions: int = 0


@dataclass
class _Writer:
    prefix: str
    organization: str
    namespace: uuid.UUID
    position: int = 0
    validated: set[str] = field(default_factory=set)

    def envelope(self, type_: str, at: datetime, aggregate_type: str, aggregate_id: str,
                 version: int, client_id: str | None, key: str,
                 payload: dict[str, Any]) -> tuple[str, bytes, bytes, list[tuple[str, bytes]]]:
        self.position += 1
        event_id = str(uuid.uuid5(self.namespace, f"{aggregate_id}:{version}"))
        env = {
            "event_id": event_id, "type": type_, "schema_version": 2
            if type_ == "client.injury_reported" else 1,
            "occurred_at": at.isoformat(), "organization_id": self.organization,
            "actor": {"kind": "service", "id": "bench-chain"}, "aggregate_type": aggregate_type,
            "aggregate_id": aggregate_id, "aggregate_version": version, "client_id": client_id,
            "correlation_id": f"bench-{self.position}", "causation_id": None,
            "position": self.position, "payload": payload,
        }
        if type_ not in self.validated or self.position % 997 == 0:
            Envelope.model_validate(env).current_payload()  # raises if the contract disagrees
            self.validated.add(type_)
        headers = [("event_type", type_.encode()), ("schema_version",
                   str(env["schema_version"]).encode()), ("event_id", event_id.encode()),
                   ("correlation_id", env["correlation_id"].encode()),
                   ("position", str(self.position).encode()),
                   ("content_type", b"application/json")]
        topic = topic_name(self.prefix, topic_for_event_type(type_))
        return topic, key.encode(), to_json(env), headers


def _item(exercise: str, load: float) -> dict[str, Any]:
    return {**examples.ITEM, "exercise_id": exercise, "name": exercise.replace("_", " "),
            "block": "A1", "load_kg": round(load, 1)}


def generate(prefix: str, n_events: int, seed: int = 7) -> Iterator[
        tuple[str, bytes, bytes, list[tuple[str, bytes]]]]:
    """Exactly ``n_events`` messages (the year is cut where the count is reached)."""
    rng = random.Random(seed)
    ns = uuid.UUID(int=rng.getrandbits(128))
    n_clients = max(10, -(-n_events // EVENTS_PER_CLIENT_YEAR))
    n_trainers = max(2, n_clients // 8)
    org = str(uuid.UUID(int=rng.getrandbits(128)))
    w = _Writer(prefix, org, ns)

    def stream() -> Iterator[tuple[str, bytes, bytes, list[tuple[str, bytes]]]]:
        yield w.envelope("organization.created", START, "organization", org, 1, None, org,
                         {"name": "Bench Gym Chain", "unit": "kg"})
        trainers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(n_trainers)]
        for i, t in enumerate(trainers):
            yield w.envelope("trainer.registered", START, "trainer", t, 1, None, t, {
                **examples.EXAMPLES["trainer.registered"], "trainer_id": t,
                "name": f"Trainer {i}", "email": f"trainer{i}@bench.example"})
        clients = [_Client(str(uuid.UUID(int=rng.getrandbits(128))), trainers[i % n_trainers],
                           rng.choice((2, 3, 3, 4))) for i in range(n_clients)]
        for c in clients:
            yield from _onboard(w, c)
        for week in range(52):
            for c in clients:
                yield from _week(w, c, week, rng)

    return islice(stream(), n_events)


def _onboard(w: _Writer, c: _Client) -> Iterator[tuple[str, bytes, bytes, list]]:
    def ev(type_: str, payload: dict[str, Any]) -> tuple[str, bytes, bytes, list]:
        c.version += 1
        return w.envelope(type_, START + timedelta(hours=1), "client", c.id, c.version, c.id,
                          c.id, payload)

    yield ev("client.registered", {**examples.EXAMPLES["client.registered"], "client_id": c.id,
                                   "trainer_id": c.trainer, "sessions_per_week": c.per_week})
    yield ev("client.equipment_profile_set", examples.EXAMPLES["client.equipment_profile_set"])
    yield ev("roadmap.generated", {**examples.EXAMPLES["roadmap.generated"],
                                   "roadmap_id": str(uuid.uuid5(w.namespace, c.id))})


def _week(w: _Writer, c: _Client, week: int, rng: random.Random) -> Iterator[
        tuple[str, bytes, bytes, list]]:
    monday = START + timedelta(weeks=week)
    for n in range(c.per_week):
        if rng.random() < 0.05:
            continue  # a missed session
        day = monday + timedelta(days=n * 2, minutes=rng.randrange(600))
        session = str(uuid.uuid5(w.namespace, f"{c.id}:{c.sessions}"))
        c.sessions += 1
        lifts = [LIFTS[(c.sessions + k) % len(LIFTS)] for k in range(5)]
        c.load += 0.5 if rng.random() < 0.6 else -0.5
        plan = {**examples.PLAN, "main": [_item(x, c.load) for x in lifts]}
        logged = {
            "session_id": session, "pain_flags": [], "notes": None,
            "exercises": [{"exercise_id": x, "sets": [
                {"reps": 8, "load_kg": round(c.load, 1), "rpe": 7 + rng.randrange(3),
                 "rir": None, "duration_s": None, "completed": True} for _ in range(3)]}
                for x in lifts],
            "feel": rng.randrange(2, 6), "session_rpe": rng.randrange(5, 10), "benchmarks": [],
            "performed_on": date.isoformat(day.date()),
        }
        steps = (
            ("session.requested", {**examples.EXAMPLES["session.requested"],
                                   "session_id": session, "trainer_id": c.trainer,
                                   "pain_flags": [], "client_version": c.version}),
            ("session.generated", {**examples.EXAMPLES["session.generated"],
                                   "session_id": session, "plan": plan}),
            ("session.approved", {"session_id": session, "note": None}),
            ("session.logged", logged),
        )
        for version, (type_, payload) in enumerate(steps, start=1):
            at = day + timedelta(minutes=5 * version)
            yield w.envelope(type_, at, "session", session, version, c.id, c.id, payload)
