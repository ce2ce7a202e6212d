"""JSON Schemas of the event contract, generated from the models into this directory.

Regenerate with ``python -m shared.events.schemas`` (also rewrites ../asyncapi.yaml);
``--check`` exits 1 when a file is missing or stale (a unit test runs the same check).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shared.events.base import EventPayload
from shared.events.envelope import Envelope
from shared.events.payloads.legacy import LEGACY_MODELS
from shared.events.registry import EVENT_MODELS

SCHEMAS_DIR = Path(__file__).resolve().parent
ENVELOPE_FILE = "envelope.v1.json"


def schema_file(event_type: str, version: int) -> str:
    return f"{event_type}.v{version}.json"


def _payload_schema(model: type[EventPayload]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_file(model.event_type, model.schema_version),
        "x-event-type": model.event_type,
        "x-schema-version": model.schema_version,
        **schema,
    }


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema, for every current and legacy payload and the envelope."""
    docs = {
        schema_file(m.event_type, m.schema_version): _payload_schema(m)
        for m in (*EVENT_MODELS.values(), *LEGACY_MODELS)
    }
    docs[ENVELOPE_FILE] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ENVELOPE_FILE,
        **Envelope.model_json_schema(mode="serialization"),
    }
    return dict(sorted(docs.items()))


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
