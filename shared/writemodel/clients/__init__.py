"""Use cases on the client aggregate(s): one module per command."""
