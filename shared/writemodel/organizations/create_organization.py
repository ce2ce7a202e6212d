"""Create an organization together with its first admin key, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from uuid import UUID

from shared.writemodel.application import SpotterApplication
from shared.writemodel.context import CommandContext
from shared.writemodel.domain.api_key import ApiKey
from shared.writemodel.domain.organization import Organization
from shared.writemodel.handling import NEW_ID, Decision, execute
from shared.writemodel.outcome import Outcome


@dataclass(frozen=True, kw_only=True)
class CreateOrganization:
    organization_id: UUID = field(metadata=NEW_ID)
    name: str
    unit: str = "kg"
    admin_key_id: UUID = field(metadata=NEW_ID)
    admin_key_secret: str = field(metadata=NEW_ID, repr=False)
    admin_key_salt: str = field(metadata=NEW_ID, repr=False)


def create_organization(
    app: SpotterApplication, cmd: CreateOrganization, ctx: CommandContext
) -> Outcome:
    """The context's organization id is ignored: the new organization is the tenant."""
    ctx = replace(ctx, organization_id=cmd.organization_id)

    def decide() -> Decision:
        meta = ctx.meta()
        org = Organization.create(
            organization_id=cmd.organization_id, name=cmd.name, unit=cmd.unit, now=ctx.now,
            meta=meta,
        )
        key = ApiKey.issue(
            key_id=cmd.admin_key_id, role="admin", trainer_id=None, label="first admin key",
            secret=cmd.admin_key_secret, salt=cmd.admin_key_salt, now=ctx.now, meta=meta,
        )
        return [org, key], Outcome(org.id, org.version, {"key_id": str(key.id)})

    return execute(app, ctx, cmd, decide)
