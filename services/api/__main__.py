"""``python -m services.api``: serve the API with uvicorn (host/port from ApiSettings)."""

from __future__ import annotations

import uvicorn

from services.api.app import create_app
from services.api.settings import ApiSettings
from shared.platform.logging import configure_logging


def main() -> None:
    settings = ApiSettings()
    configure_logging("api", settings.infra.log_level, settings.infra.log_json)
    common: dict = {"host": settings.host, "port": settings.port, "access_log": False,
                    "log_level": settings.infra.log_level.lower()}
    if settings.workers > 1:
        # Several processes need an import string; each builds its app from the environment.
        uvicorn.run("services.api.app:create_app", factory=True, workers=settings.workers,
                    **common)
    else:
        uvicorn.run(create_app(settings), **common)


if __name__ == "__main__":
    main()
