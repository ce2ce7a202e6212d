"""Composition root: the relay wired from its settings (nothing connects before ``run``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial
from typing import Any

from kafka import KafkaProducer

from services.api.relay.backoff import Backoff
from services.api.relay.control import connect
from services.api.relay.mapping import InProcessMapper, ProcessPoolMapper
from services.api.relay.messages import EnvelopeMessages, ToMessage, WireMessages
from services.api.relay.publisher import KafkaPublisher, producer_config
from services.api.relay.relay import Relay, RelayTuning
from services.api.relay.settings import RelaySettings
from services.api.relay.source import NotificationLog


@dataclass
class RelayProcess:
    relay: Relay
    application: Any  # the SpotterApplication whose log is relayed

    def run(self) -> None:
        try:
            self.relay.run()
        finally:
            self.application.close()


def envelope_messages(application: Any, topic_prefix: str) -> ToMessage:
    """The public mapping of the write model (shared.writemodel.outbound_wire), serialised
    from the stored events without re-validating them (they were validated when recorded)."""
    from shared.writemodel.outbound_wire import WireEncoder

    return WireMessages(WireEncoder(application.mapper), topic_prefix)


def validating_messages(application: Any, topic_prefix: str) -> ToMessage:
    """The same messages through the contract models and ``Envelope`` (the reference)."""
    from shared.writemodel import outbound

    return EnvelopeMessages(application.mapper, outbound.to_envelope, outbound.route, topic_prefix)


def writemodel_messages(topic_prefix: str) -> ToMessage:
    """The same mapping inside a mapping worker: decoding needs the write model's mapper (its
    transcoder), not its database, so the worker builds it on in-memory persistence."""
    from shared.writemodel.store import open_in_memory

    return envelope_messages(open_in_memory(), topic_prefix)


def build_relay(settings: RelaySettings, stop: threading.Event) -> RelayProcess:
    from shared.writemodel.store import open_application

    application = open_application(
        settings.infra.database_url, create_table=settings.create_event_store_table
    )
    return RelayProcess(
        relay=relay_for(settings, application, stop),
        application=application,
    )


def relay_for(settings: RelaySettings, application: Any, stop: threading.Event) -> Relay:
    """A relay over ``application``'s notification log (tests pass their own application)."""
    prefix = settings.infra.topic_prefix
    in_process = InProcessMapper(envelope_messages(application, prefix))
    mapper = (
        ProcessPoolMapper(writemodel_messages, prefix, settings.map_workers, inline=in_process,
                          inline_max=settings.map_inline_max)
        if settings.map_workers
        else in_process
    )
    config = producer_config(settings)
    return Relay(
        name=settings.name,
        log_source=NotificationLog(application.recorder),
        mapper=mapper,
        publisher=KafkaPublisher(partial(KafkaProducer, **config), settings.flush_timeout_s),
        connect_control=partial(connect, settings.infra.database_url),
        tuning=RelayTuning(
            batch_size=settings.batch_size,
            poll_interval_s=settings.poll_interval_s,
            standby_retry_s=settings.standby_retry_s,
            create_table=settings.create_table,
        ),
        backoff=Backoff(settings.backoff_initial_s, settings.backoff_max_s),
        stop=stop,
    )
