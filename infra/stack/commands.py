"""up, down, status, logs and checks over the registry."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from infra.kafka.server import KafkaServer
from infra.postgres.server import PostgresServer, postgres_version
from infra.settings import LocalStackSettings
from infra.stack.servers import infra_down, infra_up, prepare
from infra.stack.registry import SERVICES
from infra.stack.services import ServiceProcess

__all__ = ["check", "down", "logs", "prepare", "status", "up", "wait_for_interrupt"]

Say = Callable[[str], None]
NOT_BUILT = "not built yet"


def check(settings: LocalStackSettings) -> str:
    """Raise StackError when a piece is missing; otherwise a one-line summary."""
    version = postgres_version()
    kafka = KafkaServer(settings)
    kafka.check_libs()
    return f"setup ok: {version}, Kafka jars in {kafka.libs}"


def up(settings: LocalStackSettings, say: Say, services: bool = True) -> None:
    infra_up(settings, say)
    if not services:
        return
    for service in SERVICES:
        if not service.built():
            say(f"{service.name:<10} {NOT_BUILT} (python -m {service.module}), skipped")
            continue
        proc = ServiceProcess(service, settings)
        started = proc.start()
        say(f"{service.name:<10} {'started' if started else 'already running'}, healthy")
    say("")
    say(f"API        http://127.0.0.1:{settings.api_port}  (health: /healthz)")
    say(f"PostgreSQL {settings.database_url}")
    say(f"Kafka      {settings.kafka_bootstrap}")
    say(f"Logs       {settings.logs_dir}")


def down(settings: LocalStackSettings, say: Say, services: bool = True) -> None:
    if services:
        # Reverse order: producers of work stop before what they depend on.
        for service in reversed(SERVICES):
            proc = ServiceProcess(service, settings)
            if proc.stop():
                say(f"{service.name:<10} stopped")
    infra_down(settings, say)


def status(settings: LocalStackSettings, say: Say) -> bool:
    """Print one line per component; True when every built component is healthy."""
    postgres_ok = PostgresServer(settings).accepts_connections()
    kafka_ok = KafkaServer(settings).answers(timeout_ms=2000)
    rows: list[tuple[str, bool | None, str]] = [
        ("postgres", postgres_ok, f"127.0.0.1:{settings.pg_port}"),
        ("kafka", kafka_ok, settings.kafka_bootstrap),
    ]
    for service in SERVICES:
        if not service.built():
            rows.append((service.name, None, f"python -m {service.module}"))
            continue
        proc = ServiceProcess(service, settings)
        rows.append((service.name, proc.healthy(), proc.url or f"pid {proc.pid() or '-'}"))
    all_ok = True
    for name, ok, where in rows:
        state = NOT_BUILT if ok is None else "healthy" if ok else "down"
        all_ok &= ok is not False
        say(f"{name:<10} {state:<14} {where}")
    return all_ok


def log_files(settings: LocalStackSettings, name: str | None) -> list[Path]:
    names = ["postgres", "kafka", *(s.name for s in SERVICES)]
    chosen = [name] if name else names
    paths = [settings.logs_dir / f"{n}.log" for n in chosen]
    return [path for path in paths if path.exists()]


def logs(settings: LocalStackSettings, name: str | None, lines: int, follow: bool) -> int:
    files = log_files(settings, name)
    if not files:
        sys.stderr.write(f"no {name or 'stack'} logs yet in {settings.logs_dir}\n")
        return 1
    argv = ["tail", "-n", str(lines), *(["-F"] if follow else []), *map(str, files)]
    return subprocess.call(argv)


def wait_for_interrupt(settings: LocalStackSettings, say: Say) -> None:
    """Stay in the foreground until Ctrl-C or SIGTERM, then take the stack down."""
    say("Stack is up; press Ctrl-C to stop it.")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        say("")
    finally:
        down(settings, say)
