"""A small OpenAI-compatible HTTP server for tests (POST /v1/chat/completions).

Each test scripts the replies in order (valid JSON, malformed text, HTTP errors, slow answers);
the server records every request body it received so tests can inspect prompts and repair rounds.
It is a real server on 127.0.0.1, so litellm is driven over real HTTP, not mocked.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a message content, or an HTTP error, optionally after a delay."""

    content: str = ""
    status: int = 200
    delay_s: float = 0.0
    prompt_tokens: int = 120
    completion_tokens: int = 80

    @classmethod
    def json(cls, obj: Any, **kw: Any) -> "Reply":
        return cls(content=json.dumps(obj), **kw)

    @classmethod
    def error(cls, status: int = 500) -> "Reply":
        return cls(status=status)

    @classmethod
    def slow(cls, delay_s: float, obj: Any | None = None) -> "Reply":
        return cls(content=json.dumps(obj or {}), delay_s=delay_s)


@dataclass
class _Script:
    replies: deque[Reply] = field(default_factory=deque)
    default: Reply | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests.append(body)
            if self.replies:
                return self.replies.popleft()
            if self.default is not None:
                return self.default
        return Reply.error(503)


class OpenAIStubServer:
    """Start with ``with OpenAIStubServer() as stub:``; ``stub.api_base`` is the base URL."""

    def __init__(self) -> None:
        self._script = _Script()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def api_base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def requests(self) -> list[dict[str, Any]]:
        with self._script.lock:
            return list(self._script.requests)

    def script(self, *replies: Reply, default: Reply | None = None) -> None:
        """Queue replies in order; ``default`` answers once the queue is empty (else 503)."""
        with self._script.lock:
            self._script.replies.extend(replies)
            self._script.default = default

    def reset(self) -> None:
        with self._script.lock:
            self._script.replies.clear()
            self._script.default = None
            self._script.requests.clear()

    def start(self) -> "OpenAIStubServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "OpenAIStubServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        script = self._script

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet tests
                return

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "request body is not JSON"}})
                    return
                reply = script.next_reply(body)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200:
                    self._send(reply.status, {"error": {"message": "scripted failure",
                                                        "type": "server_error"}})
                    return
                self._send(200, _completion(body, reply))

            def _send(self, status: int, obj: dict[str, Any]) -> None:
                data = json.dumps(obj).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to tell it

        return Handler


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-stub-{int(time.time() * 1000)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": reply.content},
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }
