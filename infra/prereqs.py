"""Check the tools the local stack needs; one clear line per problem, exit 1 when any is missing.

Standard library only, and old-Python-safe syntax: `make setup` runs it with the system python3
before the virtualenv exists. Usage: python3 -m infra.prereqs [--no-maven] [--venv]
"""

import importlib.util
import re
import shutil
import subprocess
import sys

MIN_PYTHON = (3, 11)
MIN_JAVA = 17


def python_problem():
    if sys.version_info[:2] < MIN_PYTHON:
        found = "%d.%d" % sys.version_info[:2]
        return (
            "Python 3.11+ not found (this is %s): apt-get install python3.11 python3.11-venv"
            % found
        )
    return None


def java_major():
    """The major version of `java` on PATH, or None when there is none."""
    if shutil.which("java") is None:
        return None
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    # Java 8 and older report themselves as 1.x.
    return int(match.group(2) or 0) if major == 1 else major


def java_problem():
    major = java_major()
    if major is None or major < MIN_JAVA:
        seen = "" if major is None else " (found Java %d)" % major
        return "Java 17+ not found%s: apt-get install openjdk-17-jre-headless" % seen
    return None


def maven_problem():
    if shutil.which("mvn") is None:
        return "Maven not found: apt-get install maven"
    return None


def venv_problem():
    # Debian ships the venv module without ensurepip unless python3.X-venv is installed.
    if importlib.util.find_spec("ensurepip") is None:
        return "Python venv support not found: apt-get install python3.11-venv"
    return None


def problems(need_maven=True, need_venv=False):
    checks = [python_problem, java_problem]
    checks += [maven_problem] if need_maven else []
    checks += [venv_problem] if need_venv else []
    return [p for p in (check() for check in checks) if p]


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    found = problems(need_maven="--no-maven" not in args, need_venv="--venv" in args)
    for problem in found:
        sys.stderr.write(problem + "\n")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
