"""python -m infra.stack up|down|status|logs|run — the local stack from one command line."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys

from kafka.errors import KafkaError
from psycopg import Error as PsycopgError
from pydantic import ValidationError

from infra import prereqs
from infra.processes import StackError
from infra.settings import LocalStackSettings
from infra.stack import commands
from infra.stack.registry import SERVICES
from shared.platform.logging import configure_logging


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.stack")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("up", "down"):
        cmd = sub.add_parser(name)
        cmd.add_argument("--infra", action="store_true", help="PostgreSQL and Kafka only")
    sub.add_parser("status")
    sub.add_parser("prepare", help="provision, migrate and create topics on running servers")
    sub.add_parser("check", help="tools, PostgreSQL binaries and Kafka jars are in place")
    logs = sub.add_parser("logs")
    names = ["postgres", "kafka", *(service.name for service in SERVICES)]
    logs.add_argument("name", nargs="?", choices=names, help="one component (default: all)")
    logs.add_argument("-n", "--lines", type=int, default=50)
    logs.add_argument("-f", "--follow", action="store_true")
    run = sub.add_parser("run", help="up, then stay in the foreground; Ctrl-C takes it down")
    run.add_argument("--then", help="a shell command to run once the stack is up (the demo)")
    return parser.parse_args(argv)


def _sigterm_as_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def dispatch(args: argparse.Namespace, settings: LocalStackSettings) -> int:
    if args.command == "up":
        commands.up(settings, say, services=not args.infra)
    elif args.command == "down":
        commands.down(settings, say, services=not args.infra)
    elif args.command == "prepare":
        commands.prepare(settings, say)
    elif args.command == "check":
        say(commands.check(settings))
    elif args.command == "status":
        return 0 if commands.status(settings, say) else 3
    elif args.command == "logs":
        return commands.logs(settings, args.name, args.lines, args.follow)
    elif args.command == "run":
        # Explicitly: a parent that ignored SIGINT (nohup, `&`) would otherwise make us deaf to it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _sigterm_as_interrupt)
        try:
            commands.up(settings, say)
            if args.then:
                subprocess.call(args.then, shell=True)
        except BaseException:
            commands.down(settings, say)
            raise
        commands.wait_for_interrupt(settings, say)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # The CLI reports progress itself; library logs only matter when something is wrong.
    configure_logging("infra", level="WARNING")
    if args.command in ("up", "run", "check"):
        found = prereqs.problems(need_maven=args.command == "check")
        if found:
            sys.stderr.write("\n".join(found) + "\n")
            return 1
    try:
        return dispatch(args, LocalStackSettings())
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        sys.stderr.write(f"error: invalid SPOTTER_* setting: {problems}\n")
    except StackError as exc:
        sys.stderr.write(f"error: {exc}\n")
    except (KafkaError, PsycopgError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        sys.stderr.write(f"error: {type(exc).__name__}: {first}\n")
    except OSError as exc:
        sys.stderr.write(f"error: {exc}\n")
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())
