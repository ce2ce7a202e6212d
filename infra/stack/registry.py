"""What the stack is made of. A service whose module does not exist yet is skipped, so adding
services/<name>/__main__.py is all it takes to have `make up` run it."""

from __future__ import annotations

from infra.stack.services import Service

SERVICES: tuple[Service, ...] = (
    Service("api", "services.api", health_path="/healthz"),
    Service("relay", "services.api.relay"),
    Service("projector", "services.projector"),
    Service("generator", "services.generator"),
)
