"""HTTP routers; each is thin: request -> command/query -> response, errors -> problems."""

from services.api.routers import (
    api_keys,
    audit,
    clients,
    equipment,
    health,
    history,
    injuries,
    roadmaps,
    sessions,
    trainers,
)

ALL_ROUTERS = [
    health.router, trainers.router, clients.router, injuries.router, equipment.router,
    roadmaps.router, sessions.router, history.router, audit.router, api_keys.router,
]
