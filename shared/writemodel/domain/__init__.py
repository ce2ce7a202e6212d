"""Aggregates: pure state machines; no I/O, no clock, no id generation."""
