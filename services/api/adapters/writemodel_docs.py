"""Contract-shaped documents built from aggregates (as-of reads, sessions, engine inputs)."""

from __future__ import annotations

from typing import Any

from shared.writemodel.domain.client import Client
from shared.writemodel.domain.session import TrainingSession


def client_document(c: Client) -> dict[str, Any]:
    return {
        "id": c.id, **c.profile, "trainer_id": c.trainer_id,
        "active_injuries": c.active_injuries, "equipment_profiles": c.equipment_profiles,
        "roadmap_position": c.roadmap_position, "version": c.version,
    }


def session_document(s: TrainingSession) -> dict[str, Any]:
    return {
        "id": s.id, "client_id": s.client_id, "trainer_id": s.trainer_id, "status": s.status,
        "version": s.version, "request": s.request, "plan": s.plan, "failure": s.failure,
        "generator": s.generator,
    }
