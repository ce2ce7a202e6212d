"""One bounded chat completion through litellm, recorded as an LlmCall whatever happens.

litellm is imported on first use: it costs ~200 MB and seconds to import, and engine-mode
workers never need it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

import structlog

from services.generator.settings import LlmSettings, prepare_litellm_environment

log = structlog.get_logger(__name__)

_litellm: Any = None


def _load_litellm() -> Any:
    global _litellm
    if _litellm is None:
        prepare_litellm_environment()
        import litellm

        litellm.suppress_debug_info = True  # it prints banners to stdout otherwise
        litellm.telemetry = False
        for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "httpx", "openai"):
            logging.getLogger(name).setLevel(logging.WARNING)
        _litellm = litellm
    return _litellm


@dataclass(frozen=True)
class LlmCall:
    """The record that goes onto SessionGenerated.generator.llm_calls."""

    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int
    outcome: str  # ok | invalid | timeout | error (the contract's LlmOutcome)

    def with_outcome(self, outcome: str) -> LlmCall:
        return LlmCall(self.model, self.prompt_tokens, self.completion_tokens,
                       self.latency_ms, outcome)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LlmReply:
    content: str | None  # None when the provider failed
    call: LlmCall


class LlmClient:
    def __init__(self, settings: LlmSettings) -> None:
        if not settings.model:
            raise ValueError("no LLM model configured (SPOTTER_GENERATOR_LLM_MODEL)")
        self._settings = settings
        self.model: str = settings.model

    def complete(self, messages: list[dict[str, str]], response_format: dict[str, Any]) -> LlmReply:
        """Ask once (with litellm's bounded retries); never raises for provider trouble."""
        s = self._settings
        litellm = _load_litellm()
        kwargs: dict[str, Any] = {
            "model": s.model, "messages": messages, "response_format": response_format,
            "timeout": s.timeout_s, "num_retries": s.num_retries,
            "temperature": s.temperature, "max_tokens": s.max_tokens,
        }
        if s.api_base:
            kwargs["api_base"] = s.api_base
        if s.api_key is not None:
            kwargs["api_key"] = s.api_key.get_secret_value()
        started = time.perf_counter()
        try:
            response = litellm.completion(**kwargs)
        except Exception as exc:  # any provider failure degrades; the worker must not crash
            elapsed = int((time.perf_counter() - started) * 1000)
            outcome = "timeout" if isinstance(exc, litellm.Timeout) else "error"
            # The exception text can echo the request; log its type only, never the key or prompt.
            log.warning("llm_call_failed", model=self.model, outcome=outcome,
                        error=type(exc).__name__, latency_ms=elapsed)
            return LlmReply(None, LlmCall(self.model, 0, 0, elapsed, outcome))
        elapsed = int((time.perf_counter() - started) * 1000)
        usage = getattr(response, "usage", None)
        call = LlmCall(
            model=str(getattr(response, "model", None) or self.model),
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            latency_ms=elapsed, outcome="ok",  # the modes mark it invalid if it fails checks
        )
        content = response.choices[0].message.content if response.choices else None
        if not isinstance(content, str) or not content.strip():
            return LlmReply(None, call.with_outcome("error"))  # an empty answer is an outage
        return LlmReply(content, call)
