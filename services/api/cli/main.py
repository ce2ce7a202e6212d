"""``spotter``: admin create-org | list-orgs | issue-key | revoke-key; projections rebuild.

Bad input or an unreachable database gives one readable line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from services.api.cli import admin
from shared.platform.logging import configure_logging


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        sys.stderr.write(f"spotter: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="spotter", description="Spotter operator commands")
    groups = parser.add_subparsers(dest="group", required=True, parser_class=_Parser)
    adm = groups.add_parser("admin", help="organizations and API keys")
    cmds = adm.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = cmds.add_parser("create-org", help="create an organization and its first admin key")
    c.add_argument("name")
    c.add_argument("--unit", choices=["kg", "lb"], default="kg")
    c.add_argument("--json", action="store_true", help="print JSON")
    lst = cmds.add_parser("list-orgs", help="list organizations")
    lst.add_argument("--json", action="store_true")
    i = cmds.add_parser("issue-key", help="issue an API key (printed once)")
    i.add_argument("--org", required=True)
    i.add_argument("--role", required=True, choices=["admin", "trainer", "analyst", "service"])
    i.add_argument("--trainer")
    i.add_argument("--label")
    i.add_argument("--json", action="store_true")
    r = cmds.add_parser("revoke-key", help="revoke an API key")
    r.add_argument("key_id")
    r.add_argument("--reason")
    r.add_argument("--json", action="store_true")
    proj = groups.add_parser("projections", help="read models")
    pcmds = proj.add_subparsers(dest="command", required=True, parser_class=_Parser)
    rb = pcmds.add_parser("rebuild", help="rebuild every read model from the event stream")
    rb.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Library logs go to stderr: stdout carries only the command's result (e.g. --json).
    configure_logging("cli", "WARNING")
    try:
        result = admin.dispatch(args)
    except admin.CliError as exc:
        sys.stderr.write(f"spotter: {exc}\n")
        return 2
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(result, default=str) + "\n")
    else:
        sys.stdout.write(admin.human(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
