"""Client, trainer and organization reads. Every read is scoped by organization."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from psycopg import Connection

from services.projector.queries._sql import one, rows
from services.projector.settings import LIVE_SCHEMA
from services.projector.time_travel import state_as_of


def get_client(conn: Connection, org_id: str, client_id: str, *,
               schema: str = LIVE_SCHEMA) -> dict[str, Any] | None:
    """The client state document (profile, active_injuries, equipment_profiles, trainer_id,
    roadmap, roadmap_position, last_session, adherence, latest feel/RPE, version)."""
    row = one(conn, schema, "SELECT doc FROM {s}.client_state"
              " WHERE client_id = %s AND organization_id = %s", (client_id, org_id))
    return row["doc"] if row else None


def list_clients(conn: Connection, org_id: str, trainer_id: str | None = None, *,
                 schema: str = LIVE_SCHEMA) -> list[dict[str, Any]]:
    """Clients of the organization, or of one trainer, by name."""
    return [r["doc"] for r in rows(
        conn, schema,
        "SELECT doc FROM {s}.client_state WHERE organization_id = %s"
        " AND (%s::uuid IS NULL OR trainer_id = %s::uuid) ORDER BY name, client_id",
        (org_id, trainer_id, trainer_id))]


def get_trainer(conn: Connection, org_id: str, trainer_id: str, *,
                schema: str = LIVE_SCHEMA) -> dict[str, Any] | None:
    return one(conn, schema, "SELECT * FROM {s}.trainers"
               " WHERE trainer_id = %s AND organization_id = %s", (trainer_id, org_id))


def get_organization(conn: Connection, org_id: str, *,
                     schema: str = LIVE_SCHEMA) -> dict[str, Any] | None:
    return one(conn, schema, "SELECT * FROM {s}.organizations WHERE organization_id = %s",
               (org_id,))


def client_as_of(conn: Connection, org_id: str, client_id: str, instant: datetime, *,
                 schema: str = LIVE_SCHEMA) -> dict[str, Any] | None:
    """The client state as of ``instant`` (aware), folded from every earlier event."""
    found = rows(
        conn, schema,
        "SELECT * FROM {s}.audit_log WHERE client_id = %s AND organization_id = %s"
        " AND occurred_at <= %s ORDER BY position, occurred_at", (client_id, org_id, instant))
    return state_as_of(_envelopes(found), instant)


def client_events(conn: Connection, org_id: str, client_id: str, *, after_position: int = 0,
                  limit: int = 1000, schema: str = LIVE_SCHEMA) -> list[dict[str, Any]]:
    """The client's audit log as envelopes, in global order, a page at a time."""
    return _envelopes(rows(
        conn, schema,
        "SELECT * FROM {s}.audit_log WHERE client_id = %s AND organization_id = %s"
        " AND coalesce(position, 0) > %s ORDER BY position, occurred_at LIMIT %s",
        (client_id, org_id, after_position, limit)))


def _envelopes(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{
        "event_id": str(r["event_id"]), "type": r["type"], "schema_version": r["schema_version"],
        "occurred_at": _utc(r["occurred_at"]), "organization_id": str(r["organization_id"]),
        "actor": {"kind": r["actor_kind"], "id": r["actor_id"]},
        "aggregate_type": r["aggregate_type"],
        "aggregate_id": str(r["aggregate_id"]) if r["aggregate_id"] else None,
        "aggregate_version": r["aggregate_version"], "version": r["aggregate_version"],
        "client_id": str(r["client_id"]), "correlation_id": r["correlation_id"],
        "causation_id": r["causation_id"], "position": r["position"], "payload": r["payload"],
    } for r in found]


def _utc(moment: datetime) -> str:
    """The wire spelling of a time (as the envelope model writes it)."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
