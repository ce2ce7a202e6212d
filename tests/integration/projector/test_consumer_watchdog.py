"""A projector whose Kafka consumer goes silent (as after a broker restart) replaces it: the
watchdog sees records waiting and none arriving, and the fresh consumer resumes from the
positions in PostgreSQL. Real Kafka and PostgreSQL."""

from __future__ import annotations

import threading
import uuid

from kafka import KafkaConsumer
from pj_events import Story
from pj_kafka import produce, settings_for

from services.projector import queries
from services.projector.consumer import Projector
from services.projector.db import connect
from shared.platform.kafka_watchdog import ConsumerWatchdog


class _FirstConsumerSilent(Projector):
    """The first consumer listens to a topic nobody writes: it never gets the partitions."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.opened: list[KafkaConsumer] = []

    def _open_consumer(self) -> KafkaConsumer:
        if self.opened:
            consumer = super()._open_consumer()
        else:
            s = self.settings
            consumer = KafkaConsumer(bootstrap_servers=s.infra.kafka_bootstrap,
                                     group_id=f"{s.group_id}-silent", enable_auto_commit=False,
                                     allow_auto_create_topics=False)
            consumer.subscribe([f"{s.topic_names()[0]}.no-such-topic"])
        self.opened.append(consumer)
        return consumer


def test_a_silent_consumer_is_replaced_and_projection_resumes(database, kafka_topics) -> None:
    prefix, _ = kafka_topics
    settings = settings_for(database, prefix, f"g-{uuid.uuid4().hex[:6]}")
    s = Story(seed=5)
    events = [s.organization(), s.trainer(), s.client(), s.injury(s.clients[0])]
    produce(settings.infra.kafka_bootstrap, settings.topic_names()[0], events)

    projector = _FirstConsumerSilent(settings, watchdog=ConsumerWatchdog(2.0, 0.5))
    stop = threading.Event()
    worker = threading.Thread(target=projector.run, args=(stop,))
    worker.start()
    try:
        with connect(database.app_dsn, autocommit=True) as conn:
            assert queries.wait_for_watermark(conn, s.clients[0], events[-1]["position"], 60)
            client = queries.get_client(conn, s.org, s.clients[0])
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    assert projector.replaced == 1
    assert projector.opened[0]._closed  # the silent one was closed, not leaked
    assert client is not None and client["active_injuries"][0]["region"] == "knee"
