"""On the real broker, one partition: two clients are generated side by side, while one client's
two requests are generated one after the other, in the order they were made."""

from __future__ import annotations

import threading

import pytest

from tests.integration.generator import gen_infra
from tests.integration.generator.gen_infra import settings_for
from tests.integration.generator.gen_pipeline import Pipeline
from tests.integration.generator.gen_worker_thread import WorkerThread
from tests.unit.generator.gen_fakes import FakeEngine


class WitnessEngine(FakeEngine):
    """Client A's first session is held until client B's session is being assembled too."""

    def __init__(self, first_of_a: str, client_b: str) -> None:
        super().__init__()
        self.first_of_a, self.client_b = first_of_a, client_b
        self.b_started = threading.Event()
        self.overlapped = False
        self.log: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def assemble(self, request):
        with self.lock:
            self.log.append(("start", request.session_id))
        if request.client_id == self.client_b:
            self.b_started.set()
        if request.session_id == self.first_of_a:
            # Kafka holds A1, A2, B1 in that order: B1 can only start now if keys run in parallel.
            self.overlapped = self.b_started.wait(10)
        plan = super().assemble(request)
        with self.lock:
            self.log.append(("end", request.session_id))
        return plan


@pytest.fixture
def one_partition():
    created = gen_infra.TestTopics(partitions=1)
    yield created
    created.delete()


def test_two_clients_of_one_partition_run_side_by_side_each_in_order(database, one_partition):
    pipeline = Pipeline(database, one_partition).open()
    try:
        org_a, client_a = pipeline.seed_client()
        org_b, client_b = pipeline.seed_client()
        pipeline.sync()
        a1 = pipeline.request(org_a, client_a)
        a2 = pipeline.request(org_a, client_a)
        b1 = pipeline.request(org_b, client_b)
        pipeline.sync()
        engine = WitnessEngine(str(a1), str(client_b))
        with WorkerThread(settings_for(database, one_partition, concurrency=4), engine):
            for session in (a1, a2, b1):
                pipeline.wait_for_result(session, timeout_s=30)
    finally:
        pipeline.close()
    assert engine.overlapped, "client B waited for client A on the shared partition"
    log = engine.log
    assert log.index(("end", str(a1))) < log.index(("start", str(a2)))
    assert log.index(("start", str(b1))) < log.index(("end", str(a1)))
