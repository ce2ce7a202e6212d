"""Background processes of the local stack: pid files, liveness, ports, clean termination."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psutil


class StackError(Exception):
    """A problem the user can fix; the CLI prints the message as one line and exits non-zero."""


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.3) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def listener_pid(port: int) -> int | None:
    """The pid listening on a local TCP port, when the OS lets us see it."""
    try:
        conns = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, PermissionError):
        return None
    for conn in conns:
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port:
            return conn.pid
    return None


def describe_pid(pid: int | None) -> str:
    if pid is None:
        return "another program"
    try:
        return f"pid {pid} ({psutil.Process(pid).name()})"
    except psutil.Error:
        return f"pid {pid}"


def ensure_port_free(port: int, what: str, variable: str) -> None:
    """Refuse to start when a port that we are about to use belongs to someone else."""
    if port_open(port):
        owner = describe_pid(listener_pid(port))
        raise StackError(
            f"Port {port} (needed by {what}) is already in use by {owner}: stop it or set "
            f"{variable} to a free port"
        )


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def alive(pid: int | None, marker: str | None = None) -> bool:
    """True when pid runs and (if given) its command line contains marker (guards pid reuse)."""
    if pid is None:
        return False
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return marker is None or marker in " ".join(proc.cmdline())
    except psutil.Error:
        return False


def spawn(
    argv: list[str], log_file: Path, pid_file: Path, cwd: Path, env: dict[str, str] | None = None
) -> int:
    """Start argv detached in its own session, output appended to log_file; returns the pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the terminal must not reach the stack
        )
    pid_file.write_text(f"{proc.pid}\n")
    return proc.pid


def terminate(pid: int, grace_s: float = 20.0) -> None:
    """SIGTERM the process group, wait up to grace_s, then SIGKILL what is left."""
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    _signal_group(pid, signal.SIGTERM)
    for proc in procs:
        _signal(proc, signal.SIGTERM)
    _, left = psutil.wait_procs(procs, timeout=grace_s)
    for proc in left:
        _signal(proc, signal.SIGKILL)
    psutil.wait_procs(left, timeout=5)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
    except OSError:
        pass


def _signal(proc: psutil.Process, sig: signal.Signals) -> None:
    try:
        proc.send_signal(sig)
    except psutil.Error:
        pass


def wait_until(check: Callable[[], object], timeout_s: float, interval_s: float = 0.25) -> bool:
    """Poll check() until it is truthy or timeout_s passes."""
    deadline = time.monotonic() + timeout_s
    while True:
        if check():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval_s)


def log_tail(log_file: Path, lines: int = 5) -> str:
    try:
        return " | ".join(log_file.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no log)"
