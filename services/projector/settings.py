"""Projector settings (env prefix SPOTTER_PROJECTOR_), embedding the shared InfraSettings."""

from __future__ import annotations

from psycopg.conninfo import conninfo_to_dict, make_conninfo
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.events import topics
from shared.platform.settings import InfraSettings

LIVE_SCHEMA = "readmodel"


class ProjectorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SPOTTER_PROJECTOR_", extra="ignore")

    infra: InfraSettings = Field(default_factory=InfraSettings)
    group_id: str = "spotter-projector"
    schema_name: str = LIVE_SCHEMA
    # None: the organization, trainer and client topics under the infra topic prefix
    topics: list[str] | None = None
    max_batch: int = Field(default=500, ge=1, le=100_000)
    poll_timeout_ms: int = Field(default=200, ge=1)
    fetch_max_wait_ms: int = Field(default=50, ge=0)
    # a consumer with records waiting but none arriving this long is replaced (broker restarts)
    stuck_after_s: float = Field(default=20.0, gt=0)
    # DDL (rebuild: create and swap schemas) needs the owner role that ran the migrations
    # (SPOTTER_PROJECTOR_OWNER_DATABASE_URL, else the stack's SPOTTER_OWNER_DATABASE_URL);
    # None: the admin credentials on the service's database
    owner_database_url: str | None = Field(default=None, validation_alias=AliasChoices(
        "owner_database_url", "SPOTTER_PROJECTOR_OWNER_DATABASE_URL",
        "SPOTTER_OWNER_DATABASE_URL"))

    def topic_names(self) -> list[str]:
        if self.topics:
            return list(self.topics)
        p = self.infra.topic_prefix
        return [topics.topic_name(p, t) for t in (topics.ORGANIZATIONS, topics.TRAINERS,
                                                   topics.CLIENTS)]

    def dead_letter_topic(self) -> str:
        return topics.topic_name(self.infra.topic_prefix, topics.DEAD_LETTER)

    def owner_dsn(self) -> str:
        if self.owner_database_url:
            return self.owner_database_url
        dbname = conninfo_to_dict(self.infra.database_url).get("dbname")
        return make_conninfo(self.infra.admin_database_url, dbname=dbname)
