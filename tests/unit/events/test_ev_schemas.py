"""The generated JSON Schemas and AsyncAPI document are current and mean what the models mean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from shared.events.asyncapi import ASYNCAPI_FILE
from shared.events.examples import EXAMPLES
from shared.events.registry import EVENT_MODELS
from shared.events.schemas import ENVELOPE_FILE, SCHEMAS_DIR, schema_file
from shared.events.schemas.__main__ import stale_files


def load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS_DIR / name).read_text())


def test_files_are_current() -> None:
    assert stale_files() == [], "run: python -m shared.events.schemas"


def test_examples_validate_against_their_schema_files() -> None:
    for event_type, model in EVENT_MODELS.items():
        schema = load(schema_file(event_type, model.schema_version))
        Draft202012Validator.check_schema(schema)
        Draft202012Validator(schema).validate(EXAMPLES[event_type])
        assert list(Draft202012Validator(schema).iter_errors({})) or not model.model_fields


def test_schema_rejects_out_of_range_severity() -> None:
    schema = load("client.injury_reported.v2.json")
    bad = {**EXAMPLES["client.injury_reported"], "severity": 11}
    assert list(Draft202012Validator(schema).iter_errors(bad))


def test_asyncapi_parses_and_references_every_event() -> None:
    doc = yaml.safe_load(ASYNCAPI_FILE.read_text())
    assert doc["asyncapi"] == "3.0.0"
    messages = doc["components"]["messages"]
    assert set(messages) == set(EVENT_MODELS)
    in_channels = {m for ch in doc["channels"].values() for m in ch.get("messages", {})}
    in_operations = {ref["$ref"].rsplit("/", 1)[1]
                     for op in doc["operations"].values() for ref in op["messages"]}
    assert in_channels == in_operations == set(EVENT_MODELS)
    for name, message in messages.items():
        refs = [part["$ref"] for part in message["payload"]["allOf"] if "$ref" in part]
        refs.append(message["payload"]["allOf"][1]["properties"]["payload"]["$ref"])
        for ref in refs:
            assert (ASYNCAPI_FILE.parent / ref).is_file(), ref
        assert refs[0].endswith(ENVELOPE_FILE)
    for channel in doc["channels"].values():
        for ref in channel.get("messages", {}).values():
            assert ref["$ref"].rsplit("/", 1)[1] in messages


def test_schemas_dir_holds_only_generated_files() -> None:
    names = {p.name for p in Path(SCHEMAS_DIR).glob("*.json")}
    assert ENVELOPE_FILE in names and "client.injury_reported.v1.json" in names


def test_an_envelope_validates_against_the_envelope_schema() -> None:
    from test_ev_envelope import envelope

    wire = json.loads(envelope().to_json_bytes())
    validator = Draft202012Validator(load(ENVELOPE_FILE))
    validator.validate(wire)
    assert list(validator.iter_errors({**wire, "position": 0}))
