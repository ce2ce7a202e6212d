"""The seam to the projector's read models (services.projector.queries).

Reads after writes: callers pass the version they wrote; ``client_state`` waits (bounded)
for the projector to reach it and answers 504 when it does not in time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg

from services.api.problems import Problem
from services.projector import queries as q


def _lagging(what: str) -> Problem:
    return Problem(
        504, "timeout", f"The {what} read model has not caught up yet; retry shortly.",
        headers={"Retry-After": "1"},
    )


def wait_client(
    conn: psycopg.Connection, client_id: UUID, min_version: int | None, timeout_s: float
) -> None:
    if min_version and not q.wait_for_client_version(conn, str(client_id), min_version, timeout_s):
        raise _lagging("client")


def client_state(
    conn: psycopg.Connection, organization_id: UUID, client_id: UUID, *,
    min_version: int | None, known_version: int, timeout_s: float,
) -> dict[str, Any]:
    """The projected client. With ``min_version``, wait for it; without, answer what is
    projected now, waiting only when the client is not projected at all yet (just created)."""
    wait_client(conn, client_id, min_version, timeout_s)
    doc = q.get_client(conn, str(organization_id), str(client_id))
    if doc is None:
        wait_client(conn, client_id, known_version, timeout_s)
        doc = q.get_client(conn, str(organization_id), str(client_id))
    if doc is None:
        raise _lagging("client")
    return {**doc, "id": doc.get("id") or doc.get("client_id") or str(client_id)}


def list_clients(
    conn: psycopg.Connection, organization_id: UUID, trainer_id: UUID | None, *,
    limit: int, offset: int,
) -> list[dict[str, Any]]:
    docs = q.list_clients(conn, str(organization_id), str(trainer_id) if trainer_id else None)
    return [
        {"id": d.get("id") or d.get("client_id"), "name": d.get("name"),
         "trainer_id": d.get("trainer_id"), "version": d.get("version")}
        for d in docs[offset:offset + limit]
    ]


def exercise_history(
    conn: psycopg.Connection, organization_id: UUID, client_id: UUID, exercise_id: str | None
) -> dict[str, Any]:
    with q.snapshot(conn):  # the lifts and the benchmarks as of one commit of the projector
        by_exercise = q.exercise_history(conn, str(organization_id), str(client_id), exercise_id)
        return {"client_id": client_id, "exercises": list(by_exercise.values()),
                "benchmarks": q.benchmarks(conn, str(organization_id), str(client_id))}


def client_events(
    conn: psycopg.Connection, organization_id: UUID, client_id: UUID, *, after: int, limit: int
) -> list[dict[str, Any]]:
    return q.client_events(
        conn, str(organization_id), str(client_id), after_position=after, limit=limit
    )


def trainer_dashboard(
    conn: psycopg.Connection, organization_id: UUID, trainer_id: UUID
) -> dict[str, Any]:
    return q.trainer_dashboard(
        conn, str(organization_id), str(trainer_id), today=datetime.now(UTC).date()
    )
