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


# Which topic carries each event family (the wire name's prefix). A client's whole story
# (profile, roadmap, sessions) shares one topic so one key keeps it in order.
TOPIC_BY_FAMILY = {
    "organization": ORGANIZATIONS,
    "api_key": ORGANIZATIONS,
    "trainer": TRAINERS,
    "client": CLIENTS,
    "roadmap": CLIENTS,
    "session": CLIENTS,
}


def topic_for_event_type(event_type: str) -> str:
    """The topic suffix constant (e.g. ``CLIENTS``) for a wire name such as ``session.logged``."""
    family = event_type.split(".", 1)[0]
    try:
        return TOPIC_BY_FAMILY[family]
    except KeyError:
        raise ValueError(f"no topic for event type {event_type!r}") from None
