"""The outbox relay: tails the event store's notification log and publishes it to Kafka.

``python -m services.api.relay`` runs it; :func:`services.api.relay.bootstrap.build_relay` wires
it from :class:`services.api.relay.settings.RelaySettings`.
"""
