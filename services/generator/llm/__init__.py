"""The LLM modes (``llm``, ``hybrid``) through litellm; every path can fall back to the engine."""
