"""Use cases on the trainer aggregate(s): one module per command."""
