"""Write (or ``--check``) the JSON Schemas and the AsyncAPI document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shared.events.asyncapi import ASYNCAPI_FILE, render_asyncapi
from shared.events.schemas import SCHEMAS_DIR, render, schema_documents


def expected_files() -> dict[Path, str]:
    files = {SCHEMAS_DIR / name: render(doc) for name, doc in schema_documents().items()}
    files[ASYNCAPI_FILE] = render_asyncapi()
    return files


def stale_files() -> list[Path]:
    """Files missing or different from what the code generates, plus orphaned schemas."""
    expected = expected_files()
    stale = [p for p, text in expected.items() if not p.exists() or p.read_text() != text]
    stale += [p for p in SCHEMAS_DIR.glob("*.json") if p not in expected]
    return sorted(stale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.events.schemas")
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            sys.stderr.write(f"stale: {path}\n")
        return 1 if stale else 0
    for path in SCHEMAS_DIR.glob("*.json"):
        path.unlink()
    for path, text in expected_files().items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
