"""Trainers read model: name, email, the current methodology and its version."""

from __future__ import annotations

from collections.abc import Callable

from psycopg.types.json import Jsonb

from services.projector.envelope import Envelope
from services.projector.stage import StagedCursor


def _registered(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    cur.write(
        """INSERT INTO trainers (trainer_id, organization_id, name, email, methodology,
               methodology_version, version)
           VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (trainer_id) DO NOTHING""",
        (p.get("trainer_id") or env.get("aggregate_id"), env.get("organization_id"),
         p.get("name"), p.get("email"), Jsonb(p.get("methodology") or {}),
         p.get("methodology_version", 1), env.get("aggregate_version") or 1),
    )


def _methodology_updated(cur: StagedCursor, env: Envelope) -> None:
    p = env["payload"]
    cur.write(
        """UPDATE trainers SET methodology = %s, methodology_version = %s,
               version = COALESCE(%s, version + 1)
           WHERE trainer_id = %s""",
        (Jsonb(p.get("methodology") or {}), p.get("methodology_version"),
         env.get("aggregate_version"), env.get("aggregate_id")),
    )


HANDLERS: dict[str, Callable[[StagedCursor, Envelope], None]] = {
    "trainer.registered": _registered,
    "trainer.methodology_updated": _methodology_updated,
}
