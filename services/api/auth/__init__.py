"""Bearer API keys, the authenticated principal, and role/ownership rules."""
