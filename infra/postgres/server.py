"""Start, stop and inspect the local PostgreSQL server (data in .local/postgres)."""

from __future__ import annotations

import subprocess

import psycopg

from infra.postgres import binaries
from infra.processes import StackError, ensure_port_free, log_tail, wait_until
from infra.settings import LocalStackSettings

# Only the superuser is trusted, and only over 127.0.0.1; every other role needs its password.
PG_HBA = """\
# TYPE  DATABASE  USER      ADDRESS       METHOD
host    all       postgres  127.0.0.1/32  trust
host    all       all       127.0.0.1/32  scram-sha-256
"""


class PostgresServer:
    def __init__(self, settings: LocalStackSettings) -> None:
        self.settings = settings
        self.root = settings.local_dir / "postgres"
        self.data_dir = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log_file = settings.logs_dir / "postgres.log"

    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def running(self) -> bool:
        if not self.initialized():
            return False
        result = subprocess.run(
            binaries.command("pg_ctl", "status", "-D", str(self.data_dir)),
            capture_output=True,
        )
        return result.returncode == 0

    def accepts_connections(self) -> bool:
        try:
            with psycopg.connect(self.settings.admin_database_url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def start(self) -> bool:
        """Start unless already running; returns True when it started the server."""
        binaries.prepare_for_root()
        if self.running():
            return False
        ensure_port_free(self.settings.pg_port, "PostgreSQL", "SPOTTER_PG_PORT")
        self._prepare_dirs()
        if not self.initialized():
            self._initdb()
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-p {self.settings.pg_port}",
                f"-c max_connections={self.settings.pg_max_connections}",
                f"-c shared_buffers={self.settings.pg_shared_buffers}",
                f"-c work_mem={self.settings.pg_work_mem}",
                f"-c maintenance_work_mem={self.settings.pg_maintenance_work_mem}",
                f"-c max_wal_size={self.settings.pg_max_wal_size}",
                f"-c unix_socket_directories={self.socket_dir}",
            ]
        )
        argv = binaries.command(
            "pg_ctl", "start", "-w", "-t", str(int(self.settings.start_timeout_s)),
            "-D", str(self.data_dir), "-l", str(self.log_file), "-o", options,
        )  # fmt: skip
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0 or not wait_until(self.accepts_connections, 30):
            raise StackError(
                f"PostgreSQL did not start (see {self.log_file}): {log_tail(self.log_file)}"
            )
        return True

    def stop(self) -> bool:
        """Fast shutdown (rolls back open transactions); returns True when it stopped a server."""
        if not self.running():
            return False
        subprocess.run(
            binaries.command("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w"),
            capture_output=True,
            check=True,
        )
        return True

    def _prepare_dirs(self) -> None:
        for folder in (self.root, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
            binaries.give_to_system_user(folder)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.log_file.touch(exist_ok=True)
        binaries.give_to_system_user(self.log_file)

    def _initdb(self) -> None:
        argv = binaries.command(
            "initdb", "-D", str(self.data_dir), "-U", "postgres",
            "--encoding=UTF8", "--locale=C", "--auth=trust",
        )  # fmt: skip
        result = subprocess.run(argv, capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"initdb failed: {result.stderr.strip().splitlines()[-1:]}")
        hba = self.data_dir / "pg_hba.conf"
        hba.write_text(PG_HBA)
        binaries.give_to_system_user(hba)



def postgres_version() -> str:
    """`postgres --version` of the embedded binaries, run the way the server will be run."""
    binaries.prepare_for_root()
    argv = binaries.command("postgres", "--version")
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(f"PostgreSQL binaries do not run: {result.stderr.strip()[:200]}")
    return result.stdout.strip()
