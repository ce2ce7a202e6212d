"""A minimal keep-alive JSON client for load generation (stdlib http.client).

The load generator shares the machine's cores with the server it measures; httpx spends about
a millisecond of CPU per request on its own machinery, which the API's figures would pay for.
One connection per thread, like the benchmark's threads; not thread-safe by design.
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit


class LightClient:
    def __init__(self, base_url: str, headers: dict[str, str], timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._timeout = timeout
        self._headers = {**headers, "Content-Type": "application/json",
                         "Connection": "keep-alive"}
        self._conn = self._open()

    def _open(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        """(status, body); one reconnect if the server closed the kept-alive connection."""
        data = None if body is None else json.dumps(body).encode()
        for attempt in (1, 2):
            try:
                self._conn.request(method, path, body=data, headers=self._headers)
                response = self._conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self._conn.close()
                self._conn = self._open()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def ok(self, method: str, path: str, body: Any = None) -> bytes:
        status, payload = self.request(method, path, body)
        if status >= 300:
            raise RuntimeError(f"{method} {path}: {status} {payload[:200]!r}")
        return payload

    def close(self) -> None:
        self._conn.close()
