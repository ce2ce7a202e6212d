"""Prometheus metrics of one API instance (own registry, so tests can run several apps)."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram


@dataclass
class ApiMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.request_latency = Histogram(
            "spotter_api_request_duration_seconds",
            "HTTP request latency by route template, method and status class.",
            ["method", "route", "status"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.commands = Counter(
            "spotter_api_commands_total",
            "Write commands accepted, by command type.",
            ["command"],
            registry=self.registry,
        )
        self.errors = Counter(
            "spotter_api_errors_total",
            "Error responses by problem type and status.",
            ["status", "kind"],
            registry=self.registry,
        )
