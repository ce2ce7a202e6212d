"""The module-scoped running stack: database, topics, API, relay and projector processes."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.api import harness as h


@contextmanager
def running_stack(tag: str, *, workers: bool = True, **api_env: str) -> Iterator[h.Stack]:
    name, dsn = h.create_database(f"h_api_{tag}")
    prefix = f"hapi{uuid.uuid4().hex[:8]}"
    kafka = h.kafka_bootstrap()
    port = h.free_port()
    env = h.base_env(dsn, kafka, prefix, port, **api_env)
    logdir = Path(tempfile.mkdtemp(prefix=f"h_api_{tag}_"))
    with_projector = bool(workers and kafka and h.built("services.projector.__main__")
                          and h.built("services.api.relay.__main__"))
    stack = h.Stack(f"http://127.0.0.1:{port}", dsn, env, kafka, with_projector)
    try:
        if with_projector:
            assert kafka is not None
            h.create_topics(kafka, prefix)
        api = h.start_process("services.api", env, logdir / "api.log")
        stack.procs.append(api)
        h.wait_healthy(stack.base_url, api)
        if with_projector:
            stack.procs.append(h.start_process("services.api.relay", env, logdir / "relay.log"))
            stack.procs.append(
                h.start_process("services.projector", env, logdir / "projector.log"))
        yield stack
    finally:
        h.stop(stack.procs)
        if with_projector and kafka:
            h.delete_topics(kafka, prefix)
        h.drop_database(name)
