"""Kafka topic names of the public event stream (see docs/event-catalogue.md)."""

from __future__ import annotations

ORGANIZATIONS = "organizations.v1"
TRAINERS = "trainers.v1"
CLIENTS = "clients.v1"
DEAD_LETTER = "dead-letter.v1"

ALL = (ORGANIZATIONS, TRAINERS, CLIENTS, DEAD_LETTER)


def topic_name(prefix: str, topic: str) -> str:
    """The full topic name, e.g. ``spotter.clients.v1`` for prefix ``spotter``."""
    return f"{prefix}.{topic}" if prefix else topic


def all_topic_names(prefix: str) -> tuple[str, ...]:
    return tuple(topic_name(prefix, t) for t in ALL)
