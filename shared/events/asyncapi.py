"""The AsyncAPI 3.0 document (asyncapi.yaml) for API consumers, generated from the registry.

Channels are the topics (default prefix ``spotter``), each message is one event type whose
payload is the envelope with that type's payload schema (schemas/<type>.v<N>.json).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from shared.events import topics
from shared.events.examples import EXAMPLES
from shared.events.registry import EVENT_MODELS
from shared.events.schemas import ENVELOPE_FILE, schema_file

ASYNCAPI_FILE = Path(__file__).resolve().parent / "asyncapi.yaml"
DEFAULT_PREFIX = "spotter"

_CHANNELS = {
    topics.ORGANIZATIONS: ("organizations", "Organizations and API keys, keyed by organization id"),
    topics.TRAINERS: ("trainers", "Trainers and their methodology versions, keyed by trainer id"),
    topics.CLIENTS: ("clients", "A client's whole story (profile, injuries, roadmap, sessions), "
                     "keyed by client id so one partition keeps it in order"),
    topics.DEAD_LETTER: ("deadLetter", "Messages a consumer could not process; the original "
                         "key, value and headers, plus the reason in headers"),
}
_HEADERS = {
    "type": "object",
    "required": ["event_type", "schema_version", "event_id", "correlation_id", "position",
                 "content_type"],
    "properties": {
        "event_type": {"type": "string", "description": "wire name, e.g. client.injury_reported"},
        "schema_version": {"type": "string", "description": "integer, as text"},
        "event_id": {"type": "string", "format": "uuid"},
        "correlation_id": {"type": "string"},
        "position": {"type": "string", "description": "global position (integer, as text)"},
        "content_type": {"type": "string", "const": "application/json"},
    },
}


def _message(event_type: str) -> dict[str, Any]:
    model = EVENT_MODELS[event_type]
    key = "client id" if topics.topic_for_event_type(event_type) == topics.CLIENTS else (
        "trainer id" if event_type.startswith("trainer.") else "organization id")
    return {
        "name": event_type,
        "title": event_type,
        "summary": (model.__doc__ or event_type).strip().splitlines()[0],
        "contentType": "application/json",
        "headers": {"$ref": "#/components/schemas/headers"},
        "payload": {"allOf": [
            {"$ref": f"./schemas/{ENVELOPE_FILE}"},
            {"type": "object", "properties": {
                "type": {"const": event_type},
                "schema_version": {"const": model.schema_version},
                "payload": {"$ref": f"./schemas/{schema_file(event_type, model.schema_version)}"},
            }},
        ]},
        "bindings": {"kafka": {"bindingVersion": "0.5.0", "key": {
            "type": "string", "format": "uuid", "description": f"the {key}"}}},
        "examples": [{"name": "example", "payload": {
            "type": event_type, "schema_version": model.schema_version,
            "payload": EXAMPLES[event_type]}}],
    }


def asyncapi_document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic, (name, description) in _CHANNELS.items():
        types = [t for t in EVENT_MODELS if topics.topic_for_event_type(t) == topic]
        channels[name] = {
            "address": topics.topic_name(DEFAULT_PREFIX, topic),
            "description": description,
            "messages": {t: {"$ref": f"#/components/messages/{t}"} for t in types},
        }
        if types:
            operations[f"consume_{name}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{name}"},
                "messages": [{"$ref": f"#/channels/{name}/messages/{t}"} for t in types],
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Spotter events",
            "version": "1.0.0",
            "description": "The public event stream of Spotter (docs/event-catalogue.md). "
            "Topic names carry the deployment's prefix (SPOTTER_TOPIC_PREFIX, default spotter). "
            "Consumers dedupe on event_id, upcast old schema versions and skip unknown types.",
        },
        "defaultContentType": "application/json",
        "servers": {"local": {"host": "127.0.0.1:9092", "protocol": "kafka"}},
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": {"headers": _HEADERS},
            "messages": {t: _message(t) for t in EVENT_MODELS},
        },
    }


_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_.$-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _key(key: Any) -> str:
    text = str(key)
    plain = _PLAIN_KEY.match(text) and text.lower() not in _YAML_WORDS
    return text if plain else json.dumps(text)


def _yaml(value: Any, indent: int = 0) -> list[str]:
    """A small YAML emitter (this package depends on nothing but pydantic): every scalar is
    written as JSON, which YAML reads verbatim."""
    pad = "  " * indent
    if isinstance(value, dict) and value:
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{_key(key)}:")
                lines.extend(_yaml(item, indent + 1))
            else:
                lines.append(f"{pad}{_key(key)}: {json.dumps(item)}")
        return lines
    if isinstance(value, list) and value:
        lines = []
        for item in value:
            sub = _yaml(item, indent + 1)
            lines.append(f"{pad}- {sub[0].lstrip()}")
            lines.extend(sub[1:])
        return lines
    return [f"{pad}{json.dumps(value)}"]


def render_asyncapi() -> str:
    header = "# Generated by `python -m shared.events.schemas`; do not edit by hand.\n"
    return header + "\n".join(_yaml(asyncapi_document())) + "\n"
