"""The supervisor: services that are not built are skipped, real processes start once and stop."""

from __future__ import annotations

import socket
import textwrap

import psutil
import pytest

from infra.processes import StackError, ensure_port_free, read_pid
from infra.settings import LocalStackSettings
from infra.stack import commands
from infra.stack.services import Service, ServiceProcess


@pytest.fixture
def make_service(tmp_path, monkeypatch):
    """Factory: a throwaway package with the given __main__, importable by the child too."""
    folder = tmp_path / "pkgs"
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHONPATH", str(folder))

    def make(name: str, main: str) -> Service:
        package = folder / f"spotter_{name}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "__main__.py").write_text(textwrap.dedent(main))
        return Service(name, f"spotter_{name}")

    return make


@pytest.fixture
def sleeper(make_service) -> Service:
    return make_service(
        "sleeper",
        """
        import time
        print("sleeper up", flush=True)
        while True:
            time.sleep(0.2)
        """,
    )


def test_built_means_python_dash_m_would_run_it():
    assert Service("stack", "infra.stack").built()
    assert not Service("ghost", "services.no_such_service").built()
    assert not Service("library", "infra.postgres").built()  # a package without __main__


def test_a_service_starts_once_and_stops(sleeper, tmp_path):
    settings = LocalStackSettings(local_dir=tmp_path / "local")
    proc = ServiceProcess(sleeper, settings)
    try:
        assert proc.start() is True
        pid = proc.pid()
        assert pid is not None and proc.healthy()
        assert proc.start() is False, "a second start must not spawn a second process"
        assert read_pid(proc.pid_file) == pid
    finally:
        assert proc.stop() is True
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert proc.pid() is None and not proc.pid_file.exists()
    assert "sleeper up" in proc.log_file.read_text()


def test_a_service_that_exits_is_reported_with_its_log(make_service, tmp_path):
    quitter = make_service("quitter", "raise SystemExit('cannot reach the database')")
    settings = LocalStackSettings(local_dir=tmp_path / "local", start_timeout_s=10)
    with pytest.raises(StackError, match="quitter did not become healthy.*cannot reach"):
        ServiceProcess(quitter, settings).start()


def test_a_port_held_by_another_program_is_refused_with_advice():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        with pytest.raises(StackError, match=f"Port {port}.*SPOTTER_PG_PORT"):
            ensure_port_free(port, "PostgreSQL", "SPOTTER_PG_PORT")


def test_status_reports_servers_and_unbuilt_services(admin_dsn, kafka_bootstrap, monkeypatch):
    monkeypatch.setattr(commands, "SERVICES", (Service("ghost", "services.no_such_service"),))
    lines: list[str] = []
    assert commands.status(LocalStackSettings(), lines.append) is True
    assert lines[0].split()[:2] == ["postgres", "healthy"]
    assert lines[1].split()[:2] == ["kafka", "healthy"]
    assert lines[2].startswith("ghost") and "not built yet" in lines[2]
