"""Personas: trainers and clients read from demo/personas/*.json, checked against the schema."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = Path(__file__).resolve().parent / "persona.schema.json"


@dataclass(frozen=True)
class Personas:
    trainers: list[dict[str, Any]]
    clients: list[dict[str, Any]]


def load_personas(directory: Path) -> Personas:
    schema = json.loads(SCHEMA.read_text())
    trainers: list[dict[str, Any]] = []
    clients: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text())
        try:
            jsonschema.validate(data, schema)
        except jsonschema.ValidationError as exc:
            raise ValueError(f"{path.name}: {exc.message} at {list(exc.absolute_path)}") from exc
        trainers += data.get("trainers", [])
        clients += data.get("clients", [])
    keys = {t["key"] for t in trainers}
    unknown = sorted({c["trainer"] for c in clients} - keys)
    if unknown:
        raise ValueError(f"clients refer to unknown trainers: {', '.join(unknown)}")
    return Personas(trainers, clients)
