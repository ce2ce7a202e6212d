"""writemodel."""
