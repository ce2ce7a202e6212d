"""API keys: admins issue (the secret is shown once) and revoke."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, status

from services.api.access import visible_trainer
from services.api.deps import ContextDep, PrincipalDep, ResourcesDep
from services.api.problems import not_found
from services.api.schemas.common import ResponseBody
from services.api.schemas.keys import KeyIssue, KeyIssued

router = APIRouter(prefix="/v1/api-keys", tags=["api-keys"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=KeyIssued)
def issue_key(
    body: KeyIssue, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep
) -> dict[str, Any]:
    principal.require("admin")
    if body.trainer_id is not None:
        visible_trainer(res.write, principal, body.trainer_id)
    result = res.write.issue_key(ctx, body)
    res.metrics.commands.labels("issue_key").inc()
    return result


@router.delete("/{key_id}", response_model=ResponseBody)
def revoke_key(
    key_id: UUID, ctx: ContextDep, principal: PrincipalDep, res: ResourcesDep
) -> dict[str, Any]:
    if not res.write.key_exists(principal.organization_id, key_id):
        raise not_found("API key")
    principal.require("admin")
    result = res.write.revoke_key(ctx, key_id, reason=None)
    res.keys.forget(key_id)
    res.metrics.commands.labels("revoke_key").inc()
    return result
