"""The demo's settings (env prefix ``SPOTTER_DEMO_``); the API address follows the stack's."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from infra.settings import LocalStackSettings

PERSONAS_DIR = Path(__file__).resolve().parent / "personas"


class DemoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_DEMO_", extra="ignore")

    api_url: str | None = None  # None: http://127.0.0.1:<SPOTTER_API_PORT>
    org_name: str = "Northside Strength Co."
    seed: int = 20261130
    weeks: int = Field(default=4, ge=1, le=12)
    # Bounded run: at most this many sessions per client and week.
    max_sessions_per_week: int = Field(default=3, ge=1, le=6)
    workers: int = Field(default=3, ge=1, le=16)  # clients simulated side by side
    personas_dir: Path = PERSONAS_DIR
    session_timeout_s: float = Field(default=60.0, gt=0)

    def base_url(self) -> str:
        if self.api_url:
            return self.api_url.rstrip("/")
        return f"http://127.0.0.1:{LocalStackSettings().api_port}"
