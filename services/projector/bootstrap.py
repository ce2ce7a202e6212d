"""Composition root of the projector process: logging, settings, signals, the consumer."""

from __future__ import annotations

import logging
import signal
import threading

import structlog

from services.projector.consumer import Projector
from services.projector.settings import ProjectorSettings
from shared.platform.logging import configure_logging


def run(settings: ProjectorSettings | None = None) -> None:
    settings = settings or ProjectorSettings()
    configure_logging("projector", settings.infra.log_level, settings.infra.log_json)
    # kafka-python's own debug output is per request: keep it to warnings
    logging.getLogger("kafka").setLevel(logging.WARNING)
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        # finish the current batch, commit, exit
        structlog.get_logger(__name__).info("stopping", signal=signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    Projector(settings).run(stop)
