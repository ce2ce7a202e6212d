"""Tenant and ownership checks: a foreign or hidden resource is always 404, never 403."""

from __future__ import annotations

from uuid import UUID

from services.api.adapters.writemodel import ClientRef, SessionRef, TrainerRef, WriteModel
from services.api.auth.principal import Principal
from services.api.problems import not_found


def visible_client(wm: WriteModel, principal: Principal, client_id: UUID) -> ClientRef:
    """The client, if it is in the caller's organization and (for trainers) their own."""
    ref = wm.client_ref(principal.organization_id, client_id)
    if ref is None or not principal.can_see_trainer_of(ref.trainer_id):
        raise not_found("client")
    return ref


def visible_session(wm: WriteModel, principal: Principal, session_id: UUID) -> SessionRef:
    ref = wm.session_ref(principal.organization_id, session_id)
    if ref is None:
        raise not_found("session")
    visible_client(wm, principal, ref.client_id)
    return ref


def visible_trainer(wm: WriteModel, principal: Principal, trainer_id: UUID) -> TrainerRef:
    """Trainers see only themselves; other roles see every trainer of their organization."""
    ref = wm.trainer_ref(principal.organization_id, trainer_id)
    if ref is None or not principal.can_see_trainer_of(ref.id):
        raise not_found("trainer")
    return ref
