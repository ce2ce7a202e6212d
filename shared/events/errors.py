"""Errors a consumer of the event stream can catch to record and skip a message."""

from __future__ import annotations


class EventContractError(Exception):
    """A message does not fit any known contract."""


class UnknownEventType(EventContractError):
    def __init__(self, event_type: str) -> None:
        super().__init__(f"unknown event type {event_type!r}")
        self.event_type = event_type


class UnsupportedSchemaVersion(EventContractError):
    """The message is newer than this code (or older than any upcaster knows)."""

    def __init__(self, event_type: str, version: int, current: int) -> None:
        super().__init__(
            f"{event_type} schema version {version} is not supported (current is {current})"
        )
        self.event_type = event_type
        self.version = version
        self.current = current
