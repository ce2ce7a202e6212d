"""Roadmap generation: the pure engine plans blocks from the client and methodology, the write
model records them."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from services.api.adapters.writemodel_docs import client_document
from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.client import Client
from shared.writemodel.domain.trainer import Trainer
from shared.writemodel.handling import load
from shared.writemodel.roadmaps.generate_roadmap import GenerateRoadmap
from shared.writemodel.roadmaps.generate_roadmap import generate_roadmap as record


def generate(
    app: SpotterApplication, ctx: CommandContext, client_id: UUID, body: Any
) -> dict[str, Any]:
    from services.generator.engine.inputs import ClientState, Methodology
    from services.generator.engine.plan import ENGINE_VERSION
    from services.generator.engine.roadmap import build_roadmap

    client = load(app, Client, client_id, ctx, check_version=False)
    trainer = load(app, Trainer, UUID(client.trainer_id), ctx, check_version=False)
    starts_on = body.starts_on or ctx.now.date()
    roadmap = build_roadmap(
        ClientState.from_dict(client_document(client)),
        Methodology.from_dict(trainer.methodology),
        starts_on,
        reason=body.reason,
    )
    cmd = GenerateRoadmap(
        client_id=client_id, roadmap_id=uuid4(), blocks=[dict(b) for b in roadmap.blocks],
        starts_on=starts_on, reason=roadmap.reason, engine_version=ENGINE_VERSION,
    )
    out = record(app, cmd, ctx)
    return {"roadmap_id": out.extra["roadmap_id"], "blocks": cmd.blocks,
            "starts_on": starts_on, "reason": roadmap.reason, "engine_version": ENGINE_VERSION,
            "version": out.version}
