"""Entry point: wire settings, logging, resources, the consumer and signals; then run."""

from __future__ import annotations

import logging
import signal
import threading
from functools import partial

import structlog

from services.generator.adapters.events import dead_letter_topic
from services.generator.settings import GeneratorSettings
from services.generator.worker import metrics, streams
from services.generator.worker.dead_letter import dead_letter
from services.generator.worker.loop import run
from services.generator.worker.processing import RetryPolicy, process_record
from services.generator.worker.resources import open_resources
from shared.platform.logging import configure_logging


def main() -> int:
    settings = GeneratorSettings()
    configure_logging("generator", settings.infra.log_level, settings.infra.log_json)
    logging.getLogger("kafka").setLevel(logging.WARNING)  # its INFO is per-connection chatter
    log = structlog.get_logger("services.generator")
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("stopping", signal=signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    metrics.serve(settings.metrics_port)
    resources = open_resources(settings)
    consumer = streams.consumer(settings)
    producer = streams.dead_letter_producer(settings)
    send_dlq = partial(dead_letter, producer, dead_letter_topic(settings.infra.topic_prefix),
                       consumer_group=settings.consumer_group)
    policy = RetryPolicy(settings.max_attempts, settings.retry_backoff_s)
    log.info("generator_started", group=settings.consumer_group, concurrency=settings.concurrency,
             default_mode=settings.default_mode, llm_model=settings.llm.model)
    try:
        handled = run(consumer,
                      lambda record: process_record(record, resources.deps, policy, send_dlq,
                                                    stop),
                      stop, settings.poll_timeout_ms, settings.concurrency,
                      # A consumer stuck after a broker restart or a rejoin is replaced.
                      reopen=partial(streams.consumer, settings),
                      buffer_cap=settings.partition_buffer)
    finally:
        consumer.close(autocommit=False)
        producer.close(timeout=5)
        resources.close()
    log.info("generator_stopped", handled=handled)
    return 0
