"""The generator's settings (env prefix ``SPOTTER_GENERATOR_``); the only place it reads config.

The LLM model, base URL and key come from here (or the provider's own variables, which litellm
reads), never from events: an event cannot point the worker at another endpoint.
"""

from __future__ import annotations

import os

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.events.vocabulary import GeneratorMode
from shared.platform.settings import InfraSettings


class LlmSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_GENERATOR_LLM_", extra="ignore")

    model: str | None = None  # e.g. "openai/gpt-4o-mini"; None: LLM modes degrade to the engine
    api_base: str | None = None  # e.g. "http://127.0.0.1:8080/v1" for an OpenAI-compatible server
    api_key: SecretStr | None = None
    timeout_s: float = Field(default=20.0, gt=0, le=120)
    num_retries: int = Field(default=1, ge=0, le=3)
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_tokens: int = Field(default=2000, ge=100, le=8000)


class GeneratorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_GENERATOR_", extra="ignore")

    default_mode: GeneratorMode = "engine"
    consumer_group: str = "spotter-generator"
    metrics_port: int = Field(default=9102, ge=0, le=65535)  # 0: no metrics server
    watermark_timeout_s: float = Field(default=5.0, ge=0, le=60)
    history_days: int = Field(default=42, ge=1, le=365)
    max_attempts: int = Field(default=3, ge=1, le=20)  # then the message goes to dead letter
    retry_backoff_s: float = Field(default=0.2, ge=0, le=10)
    poll_timeout_ms: int = Field(default=500, ge=10, le=10_000)
    # Keys (clients) handled side by side, each in order; at most db_pool_size useful.
    concurrency: int = Field(default=4, ge=1, le=16)
    # Unfinished records one partition may hold before it is paused (bounded memory).
    partition_buffer: int = Field(default=64, ge=1, le=1_000)
    # How long the broker may hold an empty fetch. New records end it at once; only a partition
    # resumed meanwhile (after a full buffer or a failure: rare, since partitions are no longer
    # paused for work in flight) waits for the next request. Idle CPU 2 % of a core at 100 vs
    # 8 % at 20 and 22 % at 5, with the same Kafka -> handler latency (kafka-python: 500).
    fetch_max_wait_ms: int = Field(default=100, ge=0, le=500)
    db_pool_size: int = Field(default=4, ge=1, le=32)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    infra: InfraSettings = Field(default_factory=InfraSettings)


def prepare_litellm_environment() -> None:
    """Tell litellm to use its bundled cost map, so importing it makes no network call."""
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
