"""Read functions over the read models, for the API and the generator.

Every function takes an open psycopg connection (the service's role) and, keyword-only, the
schema (the live ``readmodel`` by default). Reads are scoped by organization.
"""

from services.projector.queries._sql import snapshot
from services.projector.queries.clients import (
    client_as_of,
    client_events,
    get_client,
    get_organization,
    get_trainer,
    list_clients,
)
from services.projector.queries.dashboard import trainer_dashboard
from services.projector.queries.history import benchmarks, exercise_history, pain_timeline
from services.projector.queries.sessions import get_session, list_sessions
from services.projector.queries.waits import (
    client_version,
    wait_for_client_version,
    wait_for_watermark,
    watermark,
)

__all__ = [
    "benchmarks", "client_as_of", "client_events", "client_version", "exercise_history", "get_client",
    "get_organization", "get_session", "get_trainer", "list_clients", "list_sessions",
    "pain_timeline", "snapshot", "trainer_dashboard", "wait_for_client_version",
    "wait_for_watermark", "watermark",
]
