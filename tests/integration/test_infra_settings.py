"""Ports and URLs of the local stack: one port variable moves a server, explicit URLs win."""

from __future__ import annotations

import pytest

from infra.settings import LocalStackSettings

URL_VARS = (
    "SPOTTER_DATABASE_URL",
    "SPOTTER_ADMIN_DATABASE_URL",
    "SPOTTER_OWNER_DATABASE_URL",
    "SPOTTER_KAFKA_BOOTSTRAP",
    "SPOTTER_KAFKA_CONTROLLER_PORT",
)


@pytest.fixture
def clean_env(monkeypatch):
    for var in (*URL_VARS, "SPOTTER_PG_PORT", "SPOTTER_KAFKA_PORT"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_defaults_are_the_standard_ports(clean_env):
    s = LocalStackSettings()
    assert s.database_url == "postgresql://spotter_app:spotter_app@127.0.0.1:5432/spotter"
    assert s.admin_database_url == "postgresql://postgres@127.0.0.1:5432/postgres"
    assert s.owner_database_url.endswith("@127.0.0.1:5432/spotter")
    assert (s.kafka_bootstrap, s.kafka_controller_port) == ("127.0.0.1:9092", 9093)


def test_port_variables_move_the_urls(clean_env):
    clean_env.setenv("SPOTTER_PG_PORT", "55432")
    clean_env.setenv("SPOTTER_KAFKA_PORT", "19092")
    s = LocalStackSettings()
    assert s.database_url == "postgresql://spotter_app:spotter_app@127.0.0.1:55432/spotter"
    assert s.admin_database_url == "postgresql://postgres@127.0.0.1:55432/postgres"
    assert (s.kafka_bootstrap, s.kafka_controller_port) == ("127.0.0.1:19092", 19093)


def test_an_explicit_url_wins_over_the_port(clean_env):
    clean_env.setenv("SPOTTER_PG_PORT", "55432")
    clean_env.setenv("SPOTTER_DATABASE_URL", "postgresql://spotter_app:x@db.example:6000/other")
    assert LocalStackSettings().database_url == "postgresql://spotter_app:x@db.example:6000/other"


def test_a_port_passed_in_code_beats_urls_from_the_environment(clean_env):
    clean_env.setenv("SPOTTER_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    clean_env.setenv("SPOTTER_ADMIN_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    s = LocalStackSettings(kafka_port=23456, pg_port=34567)
    assert s.kafka_bootstrap == "127.0.0.1:23456"
    assert s.admin_database_url == "postgresql://postgres@127.0.0.1:34567/postgres"
