"""Use cases on the roadmap aggregate(s): one module per command."""
