"""Use cases on the session aggregate(s): one module per command."""
