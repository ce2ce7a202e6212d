"""schemathesis (its default checks) against /openapi.json of the running API, authenticated as
an organization's admin: no server error, no response outside the documented schema.

Driven through schemathesis' Python API (one hypothesis run per operation) because its lazy
pytest loader does not run under this pytest version.
"""

from __future__ import annotations

import sys
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.e2e.api.conftest import Org
from tests.e2e.api.harness import Stack

WITH_WORKERS = False
API_ENV = {"SPOTTER_API_SESSION_BURST": "100000"}
MAX_EXAMPLES = 20


def test_api_conforms_to_its_openapi(stack: Stack, org_a: Org) -> None:
    schema = schemathesis.openapi.from_url(f"{stack.base_url}/openapi.json")
    headers = {"Authorization": f"Bearer {org_a.admin}"}
    generated = 0
    failures: list[tuple[str, str]] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            nonlocal generated
            generated += 1
            case.call_and_validate(base_url=stack.base_url, headers=headers)

        try:
            run()
        except BaseException as exc:  # collect every operation's failures, report them all
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.append((operation.label, str(exc)[:2000]))
    sys.stderr.write(f"\nschemathesis generated {generated} cases over "
                     f"{len(operations)} operations\n")
    assert failures == [], "\n\n".join(f"{label}:\n{text}" for label, text in failures)
