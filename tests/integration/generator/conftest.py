"""Fixtures of the generator's integration tests."""

from __future__ import annotations

import pytest

from tests.support.openai_stub_server import OpenAIStubServer


@pytest.fixture(scope="module")
def stub():
    with OpenAIStubServer() as server:
        yield server


@pytest.fixture(autouse=False)
def fresh_stub(stub):
    stub.reset()
    yield stub
    stub.reset()


@pytest.fixture(scope="module")
def database():
    from tests.integration.generator.gen_infra import TestDatabase

    db = TestDatabase.create()
    yield db
    db.drop()


@pytest.fixture
def kafka_topics():
    from tests.integration.generator.gen_infra import TestTopics

    created = TestTopics()
    yield created
    created.delete()


@pytest.fixture
def pipeline(database, kafka_topics):
    from tests.integration.generator.gen_pipeline import Pipeline

    p = Pipeline(database, kafka_topics).open()
    yield p
    p.close()
