"""A small client of the Spotter HTTP API, as any API consumer would write it.

Used by the demo and by the workflow tests: everything goes through HTTP, nothing imports the
services. 429 and 503 are retried after their Retry-After, as the contract asks.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

RETRYABLE = (429, 503)


class ApiError(RuntimeError):
    def __init__(self, method: str, path: str, status: int, body: str) -> None:
        super().__init__(f"{method} {path} -> {status}: {body[:300]}")
        self.status = status
        self.body = body


class SpotterApi:
    def __init__(self, base_url: str, key: str, *, timeout_s: float = 30.0,
                 retry_window_s: float = 180.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        # How long 429/503 answers are retried before the call gives up.
        self.retry_window_s = retry_window_s
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout_s,
                                 headers={"Authorization": f"Bearer {key}"})

    def as_key(self, key: str) -> SpotterApi:
        """The same API seen with another key (a trainer's, an analyst's)."""
        return SpotterApi(self.base_url, key, retry_window_s=self.retry_window_s)

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, **kw: Any) -> Any:
        deadline = time.monotonic() + self.retry_window_s
        while True:
            response = self.http.request(method, path, **kw)
            if response.status_code in RETRYABLE and time.monotonic() < deadline:
                time.sleep(min(10.0, float(response.headers.get("Retry-After") or 1)))
                continue
            if response.status_code >= 300:
                raise ApiError(method, path, response.status_code, response.text)
            return response.json() if response.content else None

    # Organization set-up
    def create_trainer(self, name: str, email: str, methodology: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", "/v1/trainers",
                         json={"name": name, "email": email, "methodology": methodology})

    def create_client(self, body: dict[str, Any]) -> str:
        return str(self.call("POST", "/v1/clients", json=body)["id"])

    def report_injury(self, client_id: str, injury: dict[str, Any]) -> str:
        return str(self.call("POST", f"/v1/clients/{client_id}/injuries", json=injury)["injury_id"])

    def resolve_injury(self, client_id: str, injury_id: str) -> dict[str, Any]:
        return self.call("POST", f"/v1/clients/{client_id}/injuries/{injury_id}/resolve", json={})

    def set_equipment(self, client_id: str, profile: str, items: list[str]) -> dict[str, Any]:
        return self.call("PUT", f"/v1/clients/{client_id}/equipment/{profile}",
                         json={"items": items})

    def generate_roadmap(self, client_id: str, starts_on: str | None = None) -> dict[str, Any]:
        body = {"starts_on": starts_on} if starts_on else {}
        return self.call("POST", f"/v1/clients/{client_id}/roadmap", json=body)

    def transfer(self, client_id: str, to_trainer_id: str, reason: str) -> dict[str, Any]:
        return self.call("POST", f"/v1/clients/{client_id}/transfer",
                         json={"to_trainer_id": to_trainer_id, "reason": reason})

    # Training day
    def request_session(self, client_id: str, today: dict[str, Any]) -> str:
        return str(self.call("POST", f"/v1/clients/{client_id}/sessions", json=today)["session_id"])

    def wait_session(self, session_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
        """The session once it is no longer `requested` (long-poll, bounded)."""
        deadline = time.monotonic() + timeout_s
        while True:
            view = self.call("GET", f"/v1/sessions/{session_id}", params={"wait": 10})
            if view["status"] != "requested" or time.monotonic() > deadline:
                return dict(view)

    def approve(self, session_id: str, note: str | None = None) -> dict[str, Any]:
        return self.call("POST", f"/v1/sessions/{session_id}/approve", json={"note": note})

    def log(self, session_id: str, log: dict[str, Any]) -> dict[str, Any]:
        return self.call("POST", f"/v1/sessions/{session_id}/log", json=log)

    # Reads
    def client(self, client_id: str, **params: Any) -> dict[str, Any]:
        return self.call("GET", f"/v1/clients/{client_id}", params=params)

    def events(self, client_id: str, **params: Any) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/v1/clients/{client_id}/events", params=params)["items"])

    def exercise_history(self, client_id: str) -> dict[str, Any]:
        return self.call("GET", f"/v1/clients/{client_id}/exercise-history")

    def dashboard(self, trainer_id: str) -> dict[str, Any]:
        return self.call("GET", f"/v1/trainers/{trainer_id}/dashboard")
