"""The worker's loop in a thread, wired like worker.main but with an injectable engine."""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

from services.generator.adapters.events import dead_letter_topic
from services.generator.settings import GeneratorSettings
from services.generator.worker import streams
from services.generator.worker.dead_letter import dead_letter
from services.generator.worker.loop import run
from services.generator.worker.processing import RetryPolicy, process_record
from services.generator.worker.resources import open_resources


class WorkerThread:
    """The worker's loop in a thread, wired like worker.main but with an injectable engine."""

    def __init__(self, settings: GeneratorSettings, engine: Any = None, *,
                 replace_stuck_consumer: bool = False) -> None:
        """``replace_stuck_consumer``: as main does, a consumer the watchdog finds without an
        assignment (or stuck) is replaced by a fresh one."""
        self.stop = threading.Event()
        self.resources = open_resources(settings, engine)
        self.consumer = streams.consumer(settings)
        self.producer = streams.dead_letter_producer(settings)
        send = partial(dead_letter, self.producer, dead_letter_topic(settings.infra.topic_prefix),
                       consumer_group=settings.consumer_group)
        policy = RetryPolicy(settings.max_attempts, settings.retry_backoff_s)
        self.outcomes: list[str] = []

        def process(record: Any) -> str:
            label = process_record(record, self.resources.deps, policy, send, self.stop)
            self.outcomes.append(label)
            return label

        self.thread = threading.Thread(
            target=run,
            args=(self.consumer, process, self.stop, settings.poll_timeout_ms,
                  settings.concurrency),
            kwargs={"reopen": partial(streams.consumer, settings)} if replace_stuck_consumer
            else {},
            daemon=True)

    def __enter__(self) -> WorkerThread:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=15)
        self.consumer.close(autocommit=False)
        self.producer.close(timeout=5)
        self.resources.close()
