"""The local stack supervisor: python -m infra.stack up|down|status|logs."""
