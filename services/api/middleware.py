"""ASGI middleware: correlation id, request metrics, and the request-body size limit."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.api.metrics import ApiMetrics
from services.api.problems import MEDIA_TYPE, STATUS_KINDS, problem_body

log = structlog.get_logger("services.api")


class BodyTooLarge(Exception):
    pass


class RequestContextMiddleware:
    """Binds a correlation id, measures latency, enforces the body limit (413)."""

    def __init__(self, app: ASGIApp, metrics: ApiMetrics, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("x-request-id", "")
        # A caller's request id becomes the events' correlation id; bound it, keep it printable.
        correlation_id = given if 0 < len(given) <= 128 and given.isprintable() else str(
            uuid.uuid4())
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        start = time.perf_counter()
        status = {"code": 500, "started": False}
        too_large = {"hit": False, "sent": False}

        async def emit(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                status["started"] = True
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", correlation_id.encode("latin-1")),
                ]
            await send(message)

        async def send_wrapper(message: Message) -> None:
            if too_large["hit"]:
                # The app turned the aborted read into its own error: answer 413 instead.
                if not too_large["sent"]:
                    too_large["sent"] = True
                    await self._too_large(emit)
                return
            await emit(message)

        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(emit)
            self._observe(scope, status["code"], start)
            return

        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    too_large["hit"] = True
                    raise BodyTooLarge()
            return message

        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        try:
            await self.app(scope, limited_receive, send_wrapper)
        except BodyTooLarge:
            if not status["started"] and not too_large["sent"]:
                too_large["sent"] = True
                await self._too_large(emit)
        except Exception as exc:  # the last resort: a problem document, never a stack trace
            log.exception("unhandled_error", error=type(exc).__name__)
            if not status["started"]:
                await self._send_problem(emit, 500, "internal",
                                         "An unexpected error occurred.")
        finally:
            structlog.contextvars.unbind_contextvars("correlation_id")
            self._observe(scope, status["code"], start)

    async def _too_large(self, send: Send) -> None:
        await self._send_problem(
            send, 413, "payload-too-large", f"Request bodies are limited to {self.max_body} bytes."
        )

    async def _send_problem(self, send: Send, status: int, kind: str, detail: str) -> None:
        raw = json.dumps(problem_body(status, kind, detail)).encode()
        await send({
            "type": "http.response.start", "status": status,
            "headers": [(b"content-type", MEDIA_TYPE.encode()),
                        (b"content-length", str(len(raw)).encode())],
        })
        await send({"type": "http.response.body", "body": raw})

    def _observe(self, scope: Scope, code: int, start: float) -> None:
        route: Any = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        self.metrics.request_latency.labels(
            scope.get("method", "?"), template, f"{code // 100}xx"
        ).observe(time.perf_counter() - start)
        if code >= 400:
            self.metrics.errors.labels(str(code), STATUS_KINDS.get(code, "internal")).inc()
