"""UUIDs in one spelling (lowercase, hyphenated), as str(uuid.UUID(...)) gives them."""

from __future__ import annotations

import re
import uuid
from typing import Any

CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def canonical_uuid(value: Any) -> str:
    """``str(uuid.UUID(str(value)))``; a value already spelled so is returned as is (building
    the UUID costs more than the rest of what the projector does with most ids)."""
    if type(value) is str and CANONICAL.match(value):
        return value
    return str(uuid.UUID(str(value)))
