"""Use cases on the organization aggregate(s): one module per command."""
