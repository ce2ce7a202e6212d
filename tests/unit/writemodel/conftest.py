"""Write-model unit fixtures: the library's in-memory persistence and a small world."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from wm_world import World, build_world

from shared.writemodel.application import SpotterApplication
from shared.writemodel.store import open_in_memory


@pytest.fixture
def app() -> SpotterApplication:
    return open_in_memory()


@pytest.fixture
def world(app: SpotterApplication) -> World:
    return build_world(app)


@pytest.fixture
def make_world() -> Callable[[SpotterApplication], World]:
    return build_world
