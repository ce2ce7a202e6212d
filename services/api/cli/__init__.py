"""The ``spotter`` command line for operators (database access, no HTTP)."""
