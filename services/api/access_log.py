"""Writes one row per read of health data (injuries, pain flags, session logs)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import psycopg
from fastapi import Request

from services.api.auth.principal import Principal

INSERT = """
INSERT INTO api_access_log
    (organization_id, key_id, role, actor_id, client_id, resource, data_kinds, method, path,
     correlation_id)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""

SELECT = """
SELECT id, accessed_at, key_id, role, actor_id, client_id, resource, data_kinds, method, path,
       correlation_id
FROM api_access_log
WHERE organization_id = %s AND id > %s AND (%s::uuid IS NULL OR client_id = %s::uuid)
ORDER BY id
LIMIT %s
"""


def record(
    conn: psycopg.Connection,
    principal: Principal,
    request: Request,
    *,
    client_id: UUID | None,
    resource: str,
    kinds: list[str],
) -> None:
    conn.execute(INSERT, (
        principal.organization_id, principal.key_id, principal.role, principal.actor_id,
        client_id, resource, kinds, request.method, request.url.path,
        request.scope.get("state", {}).get("correlation_id"),
    ))


def query(
    conn: psycopg.Connection, organization_id: UUID, *, after: int, client_id: UUID | None,
    limit: int,
) -> list[dict[str, Any]]:
    rows = conn.execute(SELECT, (organization_id, after, client_id, client_id, limit)).fetchall()
    keys = ("id", "accessed_at", "key_id", "role", "actor_id", "client_id", "resource",
            "data_kinds", "method", "path", "correlation_id")
    return [dict(zip(keys, row, strict=True)) for row in rows]
