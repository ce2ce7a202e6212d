"""Training-science figures shared by the engine and the read models (pure, no I/O)."""
