"""Bases shared by request and response bodies."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class RequestBody(BaseModel):
    """Unknown fields are refused: a typo never silently becomes (or loses) data."""

    model_config = ConfigDict(extra="forbid")


class ResponseBody(BaseModel):
    """Responses may grow fields; consumers must ignore what they do not know."""

    model_config = ConfigDict(extra="allow")


class Created(ResponseBody):
    id: UUID
    version: int = Field(ge=1)


class Versioned(ResponseBody):
    version: int = Field(ge=1)


class Page(ResponseBody):
    items: list[dict]
    next_cursor: str | None = None
