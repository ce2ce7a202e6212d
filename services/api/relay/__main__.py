"""``python -m services.api.relay``: run the outbox relay until SIGTERM or SIGINT.

On a signal the current batch is finished and its position recorded before the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from services.api.relay.bootstrap import build_relay
from services.api.relay.settings import RelaySettings
from shared.platform.logging import configure_logging


def main() -> None:
    settings = RelaySettings()
    configure_logging("relay", settings.infra.log_level, settings.infra.log_json)
    # kafka-python's DEBUG output is per request; our own DEBUG is per batch.
    logging.getLogger("kafka").setLevel(logging.WARNING)
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    build_relay(settings, stop).run()


if __name__ == "__main__":
    main()
