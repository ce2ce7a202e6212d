"""Readiness of Kafka, checked in the background so ``/readyz`` never blocks on a dead broker.

A TCP connect (1 s) comes first; a kafka-python admin client then asks for cluster metadata.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

import structlog

log = structlog.get_logger("services.api")


class KafkaProbe:
    def __init__(self, bootstrap: str, interval_s: float = 2.0, timeout_ms: int = 2000) -> None:
        self._bootstrap = bootstrap
        self._interval = interval_s
        self._timeout_ms = timeout_ms
        self._client: Any = None
        self._status: tuple[bool, str] = (False, "not checked yet")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kafka-probe", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def check(self) -> tuple[bool, str]:
        """The latest result (at most one interval old)."""
        return self._status

    def _run(self) -> None:
        while True:
            self._status = self._probe()
            if self._stop.wait(self._interval):
                return

    def _reachable(self) -> bool:
        for server in self._bootstrap.split(","):
            host, _, port = server.strip().rpartition(":")
            try:
                with socket.create_connection((host or "127.0.0.1", int(port)), timeout=1.0):
                    return True
            except (OSError, ValueError):
                continue
        return False

    def _probe(self) -> tuple[bool, str]:
        if not self._reachable():
            self._reset()
            return (False, "no broker reachable")
        from kafka import KafkaAdminClient  # imported lazily: readiness is the only user

        try:
            if self._client is None:
                self._client = KafkaAdminClient(
                    bootstrap_servers=self._bootstrap, request_timeout_ms=self._timeout_ms,
                    client_id="spotter-api-readyz",
                )
            brokers = self._client.describe_cluster().get("brokers", [])
            return (bool(brokers), f"{len(brokers)} broker(s)")
        except Exception as exc:  # any client failure means "not ready", never a 500
            self._reset()
            return (False, type(exc).__name__)

    def _reset(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            except Exception:
                log.debug("kafka_probe_close_failed")
        self._client = None

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._reset()
