"""A bounded load of HTTP commands, every answer recorded: what was acknowledged (2xx, with the
aggregate and version it reports), what failed and how, and when."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

EQUIPMENT = ["dumbbell", "kettlebell", "band", "mat", "bench", "barbell", "rack", "plates"]


@dataclass(frozen=True)
class Ack:
    kind: str  # equipment | injury | notes | session
    client_id: str
    aggregate_id: str
    version: int
    detail: str  # profile name, injury id or session id
    at: float


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int | None  # None: no answer (connection refused, reset, timeout)
    retry_after: str | None
    at: float  # when the answer came
    sent: float  # when the command was sent


@dataclass
class LoadRecord:
    acks: list[Ack] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def statuses(self, since: float = 0.0, until: float = float("inf")) -> dict[str, int]:
        """Answers by status, of the commands sent between since and until."""
        out: dict[str, int] = {}
        for a in self.answers:
            if since <= a.sent <= until:
                key = str(a.status) if a.status is not None else "no answer"
                out[key] = out.get(key, 0) + 1
        return out


class CommandLoad:
    """Threads, each owning its clients (no self-inflicted version conflicts), sending commands
    at a bounded rate until stopped or `total` commands were sent."""

    def __init__(self, base_url: str, key: str, clients: list[str], *, threads: int = 3,
                 per_second: float = 12.0, total: int = 400, session_every: int = 6) -> None:
        """session_every: one command in this many requests a session (0: none)."""
        self.base_url = base_url
        self.key = key
        self.clients = clients
        self.threads = threads
        self.interval = threads / per_second
        self.total = total
        self.session_every = session_every
        self.record = LoadRecord()
        self.stop_flag = threading.Event()
        # Names unique to this load, so an audit can tell its commands from an earlier load's.
        self.tag = uuid.uuid4().hex[:6]
        self.sent = 0
        self.workers: list[threading.Thread] = []

    def start(self) -> None:
        for n in range(self.threads):
            mine = self.clients[n::self.threads]
            t = threading.Thread(target=self._run, args=(n, mine), daemon=True)
            t.start()
            self.workers.append(t)

    def stop(self) -> LoadRecord:
        self.stop_flag.set()
        for t in self.workers:
            t.join(timeout=60)
        return self.record

    def wait_done(self, timeout_s: float) -> None:
        for t in self.workers:
            t.join(timeout=timeout_s)

    def _next(self) -> int | None:
        with self.record.lock:
            if self.sent >= self.total:
                return None
            self.sent += 1
            return self.sent

    def _run(self, thread: int, clients: list[str]) -> None:
        http = httpx.Client(base_url=self.base_url, timeout=10,
                            headers={"Authorization": f"Bearer {self.key}"})
        try:
            while not self.stop_flag.is_set():
                n = self._next()
                if n is None:
                    return
                started = time.monotonic()
                self._one(http, n, clients[n % len(clients)])
                time.sleep(max(0.0, self.interval - (time.monotonic() - started)))
        finally:
            http.close()

    def _one(self, http: httpx.Client, n: int, cid: str) -> None:
        kind, method, path, body = self._command(n, cid)
        sent = time.monotonic()
        try:
            response = http.request(method, path, json=body)
        except httpx.HTTPError:
            self._answer(kind, None, None, sent)
            return
        self._answer(kind, response.status_code, response.headers.get("Retry-After"), sent)
        if 200 <= response.status_code < 300:
            self._ack(kind, cid, path, body, response.json())

    def _command(self, n: int, cid: str) -> tuple[str, str, str, dict[str, Any]]:
        if self.session_every and n % self.session_every == 0:
            return "session", "POST", f"/v1/clients/{cid}/sessions", {
                "duration_min": 45, "equipment_profile": "gym", "readiness": 3}
        if n % 3 == 0:
            return "injury", "POST", f"/v1/clients/{cid}/injuries", {
                "region": "calf", "side": "left", "severity": 2, "status": "managed",
                "description": f"load {self.tag} niggle {n}"}
        if n % 3 == 1:
            items = EQUIPMENT[: 2 + n % (len(EQUIPMENT) - 1)]
            return "equipment", "PUT", f"/v1/clients/{cid}/equipment/{self.tag}-{n}", {"items": items}
        return "notes", "PATCH", f"/v1/clients/{cid}", {"notes": f"load {self.tag} note {n}"}

    def _answer(self, kind: str, status: int | None, retry_after: str | None,
                sent: float) -> None:
        with self.record.lock:
            self.record.answers.append(Answer(kind, status, retry_after, time.monotonic(), sent))

    def _ack(self, kind: str, cid: str, path: str, body: dict[str, Any],
             reply: dict[str, Any]) -> None:
        if kind == "session":
            ack = Ack(kind, cid, str(reply["session_id"]), int(reply["version"]),
                      str(reply["session_id"]), time.monotonic())
        else:
            detail = {"injury": str(reply.get("injury_id")), "notes": str(body.get("notes")),
                      "equipment": path.rsplit("/", 1)[-1]}[kind]
            ack = Ack(kind, cid, cid, int(reply["version"]), detail, time.monotonic())
        with self.record.lock:
            self.record.acks.append(ack)
