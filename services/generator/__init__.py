"""The generator: turns ``session.requested`` events into a recorded result.

``engine/`` is the pure programming engine; ``llm/`` the optional LLM modes (litellm);
``worker/`` the Kafka consumer (``python -m services.generator``); ``adapters/`` the seams to
the engine, the write model, the projector's read models and the event contracts.
"""
