"""The Spotter demo: an organization, two trainers, fifteen clients and four simulated weeks,
all through the HTTP API (``make demo`` or ``python -m demo``)."""
