"""The operator commands, run straight against the write model (no HTTP)."""

from __future__ import annotations

import argparse
import secrets
import sys
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from services.api.adapters.writemodel import UNAVAILABLE_ERRORS, WriteModel
from services.api.auth.keys import new_key
from services.api.settings import ApiSettings
from shared.events.envelope import Actor
from shared.writemodel import errors as domain_errors
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.organization import Organization
from shared.writemodel.organizations.create_organization import (
    CreateOrganization,
    create_organization,
)
from shared.writemodel.organizations.issue_api_key import IssueApiKey, issue_api_key
from shared.writemodel.organizations.revoke_api_key import RevokeApiKey, revoke_api_key


class CliError(Exception):
    """A problem the operator can fix; printed as one line."""


def _uuid(text: str, what: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise CliError(f"{what} is not a valid id: {text!r}") from None


def _context(organization_id: UUID) -> CommandContext:
    return CommandContext(
        organization_id=organization_id, actor=Actor(kind="system", id="spotter-cli"),
        correlation_id=f"cli-{uuid4()}", now=datetime.now(UTC),
    )


def _open() -> WriteModel:
    settings = ApiSettings()
    try:
        return WriteModel.open(settings.infra.database_url, create_table=settings.create_tables)
    except UNAVAILABLE_ERRORS as exc:
        raise CliError(f"cannot reach PostgreSQL: {str(exc).strip().splitlines()[0]}") from None


def create_org(wm: WriteModel, name: str, unit: str) -> dict[str, Any]:
    if not name.strip():
        raise CliError("the organization name must not be empty")
    org_id = uuid4()
    key = new_key(uuid4())
    cmd = CreateOrganization(
        organization_id=org_id, name=name.strip(), unit=unit, admin_key_id=key.key_id,
        admin_key_secret=key.secret, admin_key_salt=secrets.token_hex(8),
    )
    create_organization(wm.app, cmd, _context(org_id))
    return {"organization_id": str(org_id), "api_key": key.token, "key_id": str(key.key_id)}


def list_orgs(wm: WriteModel) -> list[dict[str, Any]]:
    topic = get_topic(Organization.Created)
    found, start = [], 1
    while True:
        batch = wm.app.recorder.select_notifications(start, 500, topics=[topic])
        for n in batch:
            org = wm.app.get_aggregate(n.originator_id, Organization)
            found.append({"organization_id": str(org.id), "name": org.name, "unit": org.unit})
        if len(batch) < 500:
            return found
        start = batch[-1].id + 1


def issue_key(wm: WriteModel, org: str, role: str, trainer: str | None, label: str | None):
    org_id = _uuid(org, "--org")
    if (role == "trainer") != (trainer is not None):
        raise CliError("--trainer is required for, and only for, --role trainer")
    key = new_key(uuid4())
    cmd = IssueApiKey(
        key_id=key.key_id, role=role, trainer_id=_uuid(trainer, "--trainer") if trainer else None,
        label=label, secret=key.secret, salt=secrets.token_hex(8),
    )
    wm.app.get_aggregate(org_id, Organization)  # KeyError (-> "not found") when unknown
    issue_api_key(wm.app, cmd, _context(org_id))
    return {"key_id": str(key.key_id), "api_key": key.token, "role": role,
            "organization_id": org, "trainer_id": trainer}


def revoke_key(wm: WriteModel, key_id: str, reason: str | None) -> dict[str, Any]:
    from shared.writemodel.domain.api_key import ApiKey

    kid = _uuid(key_id, "KEY_ID")
    key = wm.app.get_aggregate(kid, ApiKey)
    revoke_api_key(wm.app, RevokeApiKey(key_id=kid, reason=reason),
                   _context(UUID(key.organization_id)))
    return {"key_id": key_id, "revoked": True}


def rebuild() -> dict[str, Any]:
    try:
        from services.projector.rebuild.blue_green import rebuild as run_rebuild
        from services.projector.settings import ProjectorSettings
    except ImportError:
        raise CliError("the projector's rebuild is not available in this build") from None

    def progress(done: int, total: int, rate: float, eta: float | None) -> None:
        left = f", about {eta:.0f} s left" if eta is not None else ""
        sys.stderr.write(f"rebuild: {done}/{total} events ({rate:.0f}/s){left}\n")

    try:
        report = run_rebuild(ProjectorSettings(), progress=progress)
    except RuntimeError as exc:
        raise CliError(str(exc)) from None
    except UNAVAILABLE_ERRORS as exc:
        raise CliError(f"cannot reach PostgreSQL: {str(exc).strip().splitlines()[0]}") from None
    except Exception as exc:  # Kafka client failures: one readable line, no traceback
        raise CliError(f"rebuild failed: {type(exc).__name__}: {exc}") from None
    return {"schema": report.schema, "events": report.events,
            "seconds": round(report.seconds, 2)}


def dispatch(args: argparse.Namespace) -> Any:
    if args.group == "projections":
        return rebuild()
    wm = _open()
    try:
        if args.command == "create-org":
            return create_org(wm, args.name, args.unit)
        if args.command == "list-orgs":
            return list_orgs(wm)
        if args.command == "issue-key":
            return issue_key(wm, args.org, args.role, args.trainer, args.label)
        return revoke_key(wm, args.key_id, args.reason)
    except KeyError as exc:
        raise CliError(f"not found: {exc.args[0]}") from None
    except domain_errors.DomainError as exc:
        raise CliError(str(exc)) from None
    except UNAVAILABLE_ERRORS as exc:
        raise CliError(f"database error: {str(exc).strip().splitlines()[0]}") from None
    finally:
        wm.close()


def human(result: Any) -> str:
    if isinstance(result, list):
        return "\n".join(f"{r['organization_id']}  {r['name']}  ({r['unit']})" for r in result)
    return "\n".join(f"{k}: {v}" for k, v in result.items())
