"""After a fault: compare what the API acknowledged with the event store, Kafka and the read
models, and the live read models with a clean rebuild."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg
from kafka import KafkaConsumer, TopicPartition

from services.projector.checksum import checksum, table_checksums
from services.projector.rebuild.blue_green import rebuild
from services.projector.settings import LIVE_SCHEMA, ProjectorSettings
from shared.events.topics import CLIENTS, ORGANIZATIONS, TRAINERS, topic_name
from shared.platform.settings import InfraSettings
from tests.faults.support_load import Ack, LoadRecord
from tests.faults.support_stack import PrivateStack

WIRE = {"equipment": "client.equipment_profile_set", "injury": "client.injury_reported",
        "notes": "client.profile_updated", "session": "session.requested"}
RESULTS = {"session.generated", "session.generation_failed", "session.referred"}


@dataclass
class Figures:
    acknowledged: int = 0
    in_store: int = 0
    on_kafka: int = 0  # distinct event ids
    kafka_redeliveries: int = 0  # extra copies of an event id (at-least-once on the wire)
    duplicates: int = 0  # an acknowledged command recorded more than once
    lost: int = 0  # an acknowledged command missing from the store, Kafka or the read models
    sessions: int = 0
    session_results: Counter[str] = field(default_factory=Counter)
    recovery_s: float = 0.0
    problems: list[str] = field(default_factory=list)

    def line(self, title: str) -> str:
        return (f"\n[{title}] acknowledged {self.acknowledged}, events in store {self.in_store}, "
                f"on Kafka {self.on_kafka} (+{self.kafka_redeliveries} redelivered copies), "
                f"duplicates {self.duplicates}, lost {self.lost}, sessions {self.sessions} "
                f"{dict(self.session_results)}, recovery {self.recovery_s:.1f} s")


def store_rows(stack: PrivateStack) -> set[tuple[str, int]]:
    with psycopg.connect(stack.settings.owner_database_url) as c:
        rows = c.execute("SELECT originator_id::text, originator_version FROM spotter_events")
        return {(r[0], int(r[1])) for r in rows.fetchall()}


def kafka_envelopes(stack: PrivateStack) -> list[dict[str, Any]]:
    """Every message on the organization, trainer and client topics, to the end offsets."""
    prefix = stack.settings.topic_prefix
    consumer = KafkaConsumer(bootstrap_servers=stack.settings.kafka_bootstrap, group_id=None,
                             enable_auto_commit=False, fetch_max_wait_ms=100)
    try:
        parts = [TopicPartition(t, p) for t in (topic_name(prefix, x) for x in
                                                (ORGANIZATIONS, TRAINERS, CLIENTS))
                 for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        ends = consumer.end_offsets(parts)
        out: list[dict[str, Any]] = []
        deadline = time.monotonic() + 60
        while any(consumer.position(tp) < ends[tp] for tp in parts):
            assert time.monotonic() < deadline, "could not read Kafka to its end offsets"
            for records in consumer.poll(timeout_ms=500).values():
                out += [json.loads(r.value) for r in records]
        return out
    finally:
        consumer.close()


def _payload_key(ack: Ack) -> tuple[str, str]:
    return ack.kind, ack.detail


def _envelope_key(env: dict[str, Any]) -> tuple[str, str] | None:
    p, kind = env["payload"], env["type"]
    if kind == WIRE["equipment"]:
        return "equipment", str(p.get("profile_name"))
    if kind == WIRE["injury"]:
        return "injury", str(p.get("injury_id"))
    if kind == WIRE["notes"] and "notes" in (p.get("changes") or {}):
        return "notes", str(p["changes"]["notes"])
    if kind == WIRE["session"]:
        return "session", str(env["aggregate_id"])
    return None


def reflected(stack: PrivateStack, key: str, acks: list[Ack], store: set[tuple[str, int]]
              ) -> list[str]:
    """Acknowledged commands the read models do not show yet (empty when all are there)."""
    missing: list[str] = []
    latest = {}
    for agg, version in store:
        latest[agg] = max(latest.get(agg, 0), version)
    http = httpx.Client(base_url=stack.base_url, timeout=10,
                        headers={"Authorization": f"Bearer {key}"})
    try:
        for cid in sorted({a.client_id for a in acks}):
            view = http.get(f"/v1/clients/{cid}").json()
            if view.get("version") != latest.get(cid):
                missing.append(f"client {cid} at version {view.get('version')}, "
                               f"store {latest.get(cid)}")
                continue
            injuries = {i.get("injury_id") for i in view.get("active_injuries") or []}
            for a in acks:
                if a.client_id != cid:
                    continue
                if a.kind == "equipment" and a.detail not in view["equipment_profiles"]:
                    missing.append(f"profile {a.detail} of {cid}")
                if a.kind == "injury" and a.detail not in injuries:
                    missing.append(f"injury {a.detail} of {cid}")
        for a in acks:
            if a.kind == "session":
                status = http.get(f"/v1/sessions/{a.detail}").json().get("status")
                if status in (None, "requested"):
                    missing.append(f"session {a.detail} still {status}")
    finally:
        http.close()
    return missing


def wait_reflected(stack: PrivateStack, key: str, record: LoadRecord, since: float,
                   timeout_s: float = 120) -> float:
    """Seconds from `since` until every acknowledged command shows in the read models."""
    deadline = time.monotonic() + timeout_s
    while True:
        missing = reflected(stack, key, record.acks, store_rows(stack))
        if not missing:
            return time.monotonic() - since
        if time.monotonic() > deadline:
            # Which side is behind: the relay (Kafka short of the store) or the consumers.
            on_kafka = len({e["event_id"] for e in kafka_envelopes(stack)})
            raise AssertionError(f"not reflected after {timeout_s} s (events in store "
                                 f"{len(store_rows(stack))}, on Kafka {on_kafka}): {missing[:5]}")
        time.sleep(0.5)


def audit(stack: PrivateStack, record: LoadRecord) -> Figures:
    f = Figures(acknowledged=len(record.acks))
    store = store_rows(stack)
    f.in_store = len(store)
    envelopes = kafka_envelopes(stack)
    by_id: dict[str, dict[str, Any]] = {}
    for env in envelopes:
        by_id.setdefault(env["event_id"], env)
    f.on_kafka, f.kafka_redeliveries = len(by_id), len(envelopes) - len(by_id)
    on_kafka = Counter((e["aggregate_id"], int(e["aggregate_version"])) for e in by_id.values())
    doubled = [k for k, n in on_kafka.items() if n > 1]
    if doubled:
        f.problems.append(f"same aggregate version under two event ids: {doubled[:3]}")
    if set(on_kafka) != store:
        f.problems.append(f"store and Kafka differ: {len(store - set(on_kafka))} only in the "
                          f"store, {len(set(on_kafka) - store)} only on Kafka")
    commands = Counter(k for k in map(_envelope_key, by_id.values()) if k)
    for ack in record.acks:
        n = commands.get(_payload_key(ack), 0)
        in_store = (ack.aggregate_id, ack.version) in store
        f.lost += n == 0 or not in_store
        f.duplicates += max(0, n - 1)
    results = Counter(e["aggregate_id"] for e in by_id.values() if e["type"] in RESULTS)
    for ack in (a for a in record.acks if a.kind == "session"):
        f.sessions += 1
        n = results.get(ack.aggregate_id, 0)
        f.session_results[{0: "none", 1: "one"}.get(n, "several")] += 1
    return f


def checksum_matches_rebuild(stack: PrivateStack) -> tuple[str, str]:
    """(live checksum, checksum after a clean rebuild from Kafka), the projector stopped; on a
    difference the tables that differ are printed."""
    stack.proc("projector").stop()
    try:
        dsn = stack.settings.owner_database_url
        with psycopg.connect(dsn) as conn:
            live = checksum(conn, LIVE_SCHEMA)
            tables = table_checksums(conn, LIVE_SCHEMA)
        infra = InfraSettings(database_url=stack.settings.database_url,
                              admin_database_url=stack.settings.admin_database_url,
                              kafka_bootstrap=stack.settings.kafka_bootstrap,
                              topic_prefix=stack.settings.topic_prefix)
        rebuild(ProjectorSettings(infra=infra, owner_database_url=dsn))
        with psycopg.connect(dsn) as conn:
            rebuilt = checksum(conn, LIVE_SCHEMA)
            after = table_checksums(conn, LIVE_SCHEMA)
        for name in sorted(set(tables) | set(after)):
            if tables.get(name) != after.get(name):
                print(f"read model {name}: live {tables.get(name)}, rebuilt {after.get(name)}")
    finally:
        stack.start("projector")
    return live, rebuilt
