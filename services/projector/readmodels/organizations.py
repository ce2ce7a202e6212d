"""Organizations and API keys read model (metadata only: never a secret or its hash)."""

from __future__ import annotations

from collections.abc import Callable

from services.projector.envelope import Envelope
from services.projector.stage import StagedCursor


def _created(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    cur.write(
        """INSERT INTO organizations (organization_id, name, unit, version, created_at)
           VALUES (%s, %s, %s, %s, %s)
           ON CONFLICT (organization_id) DO UPDATE SET name = EXCLUDED.name,
               unit = EXCLUDED.unit, version = EXCLUDED.version""",
        (env.get("organization_id") or env.get("aggregate_id"), p.get("name"),
         p.get("unit", "kg"), env.get("aggregate_version") or 1, env["occurred_at"]),
    )


def _key_issued(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    cur.write(
        """INSERT INTO api_keys (key_id, organization_id, role, trainer_id, label, status,
               issued_at)
           VALUES (%s, %s, %s, %s, %s, 'active', %s) ON CONFLICT (key_id) DO NOTHING""",
        (str(p["key_id"]), env.get("organization_id"), p.get("role"), p.get("trainer_id"),
         p.get("label"), env["occurred_at"]),
    )


def _key_revoked(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    cur.write(
        """UPDATE api_keys SET status = 'revoked', revoked_reason = %s, revoked_at = %s
           WHERE key_id = %s""",
        (p.get("reason"), env["occurred_at"], str(p["key_id"])),
    )


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {
    "organization.created": _created,
    "api_key.issued": _key_issued,
    "api_key.revoked": _key_revoked,
}
