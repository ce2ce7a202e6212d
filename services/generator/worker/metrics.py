"""Prometheus metrics of the worker, served on SPOTTER_GENERATOR_METRICS_PORT."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

GENERATION_SECONDS = Histogram(
    "spotter_generator_generation_seconds",
    "From picking up a session request to recording its result",
    ["mode"], buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
OUTCOMES = Counter("spotter_generator_outcomes_total", "Session requests handled, by outcome",
                   ["outcome"])
CONSUMER_LAG = Gauge("spotter_generator_consumer_lag",
                     "Messages behind the end of each assigned partition", ["partition"])
DEAD_LETTERED = Counter("spotter_generator_dead_lettered_total",
                        "Messages sent to the dead-letter topic")


def observe_generation(mode: str, outcome: str, seconds: float) -> None:
    OUTCOMES.labels(outcome=outcome).inc()
    if outcome not in ("duplicate", "unknown"):
        GENERATION_SECONDS.labels(mode=mode).observe(seconds)


def serve(port: int) -> None:
    if port:
        start_http_server(port, addr="127.0.0.1")
