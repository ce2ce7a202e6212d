"""Reads exercises.json, validates it against exercises.schema.json and the integrity checks.

The data ships inside the package; load_library() is cached because the file never changes while
a process runs. parse_library() is the pure part, used by tests with hand-made documents.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jsonschema
import structlog

from .integrity import Link, check_all
from .model import Exercise, ExerciseLibrary

_PACKAGE = __name__.rpartition(".")[0]
DATA_FILE = "exercises.json"
SCHEMA_FILE = "exercises.schema.json"

_TUPLE_FIELDS = (
    "roles", "equipment", "primary_muscles", "secondary_muscles", "loaded_joints", "positions",
    "regressions", "progressions", "cues", "tags",
)
_RANGE_FIELDS = ("reps", "duration_s")

log = structlog.get_logger(__name__)


class LibraryError(ValueError):
    """The data file breaks its schema or an integrity rule; `problems` lists every finding."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the exercise library: " + "; ".join(
            problems[:20]))
        self.problems = problems


def _read_json(filename: str) -> Any:
    text = resources.files(_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def load_schema() -> Mapping[str, Any]:
    schema = _read_json(SCHEMA_FILE)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def schema_problems(document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(load_schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def exercise_from_json(item: Mapping[str, Any]) -> Exercise:
    values = dict(item)
    for key in _TUPLE_FIELDS:
        values[key] = tuple(values[key])
    for key in _RANGE_FIELDS:
        if values[key] is not None:
            low, high = values[key]
            values[key] = (low, high)
    return Exercise(**values)


def cross_pattern_links(document: Mapping[str, Any]) -> dict[Link, str]:
    """Documented ladder links between patterns, (easier, harder) -> why it is allowed."""
    return {
        (entry["easier"], entry["harder"]): entry["reason"]
        for entry in document.get("cross_pattern_links", [])
    }


def parse_library(document: Any) -> ExerciseLibrary:
    """Validate a decoded data document and build the library; LibraryError when it is unsound."""
    problems = schema_problems(document)
    if problems:
        raise LibraryError(problems)
    exercises = [exercise_from_json(item) for item in document["exercises"]]
    problems = check_all(exercises, cross_pattern_links(document))
    if problems:
        raise LibraryError(problems)
    return ExerciseLibrary.of(document["version"], exercises)


@functools.cache
def load_library() -> ExerciseLibrary:
    """The packaged library, validated once per process."""
    library = parse_library(_read_json(DATA_FILE))
    log.debug("exercise_library_loaded", version=library.version, exercises=len(library))
    return library
