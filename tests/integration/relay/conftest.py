"""Fixtures of the relay's integration tests: a fresh database, unique topics, in-thread relays."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from services.api.relay.bootstrap import relay_for
from services.api.relay.relay import Relay
from services.api.relay.settings import RelaySettings
from shared.platform.settings import InfraSettings
from shared.writemodel.application import SpotterApplication
from shared.writemodel.store import open_application
from tests.integration.relay.relay_support import fresh_database, unique_topics


@pytest.fixture(scope="session")
def relay_infra(infra_settings: InfraSettings, admin_dsn: str, kafka_bootstrap: str
                ) -> InfraSettings:
    """The servers of tests/conftest.py (which skips, or fails under make test, without them)."""
    return InfraSettings(admin_database_url=admin_dsn, kafka_bootstrap=kafka_bootstrap,
                         database_url=infra_settings.database_url)


@pytest.fixture
def relay_db(relay_infra: InfraSettings) -> Iterator[str]:
    with fresh_database(relay_infra) as url:
        yield url


@pytest.fixture
def topic_prefix(relay_infra: InfraSettings) -> Iterator[str]:
    with unique_topics(relay_infra.kafka_bootstrap) as prefix:
        yield prefix


@pytest.fixture
def app(relay_db: str) -> Iterator[SpotterApplication]:
    application = open_application(relay_db, create_table=True)
    yield application
    application.close()


@pytest.fixture
def settings_for(relay_infra: InfraSettings, relay_db: str) -> Callable[..., RelaySettings]:
    def make(topic_prefix: str, **overrides: Any) -> RelaySettings:
        infra = relay_infra.model_copy(
            update={"database_url": relay_db, "topic_prefix": topic_prefix}
        )
        # These databases are not migrated: the relay creates its position table itself.
        defaults: dict[str, Any] = {"poll_interval_s": 1.0, "standby_retry_s": 0.1,
                                    "backoff_max_s": 1.0, "create_table": True}
        return RelaySettings(infra=infra, **{**defaults, **overrides})

    return make


@pytest.fixture
def running_relay(
    app: SpotterApplication, settings_for: Callable[..., RelaySettings]
) -> Callable[..., Any]:
    """``with running_relay(prefix, **settings) as relay:`` — a relay in a thread, stopped on
    exit."""

    @contextmanager
    def run(topic_prefix: str, **overrides: Any) -> Iterator[Relay]:
        settings = settings_for(topic_prefix, **overrides)
        stop = threading.Event()
        relay = relay_for(settings, app, stop)
        thread = threading.Thread(target=relay.run, name=f"relay-{settings.name}", daemon=True)
        thread.start()
        try:
            yield relay
        finally:
            stop.set()
            thread.join(timeout=30)
            assert not thread.is_alive(), "relay did not stop within 30 s"

    return run
