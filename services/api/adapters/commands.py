"""API requests mapped to the write model's command handlers; responses in contract shape.

Each method takes the request context (who, when, which request, expected version,
idempotency key) and returns the JSON body. Idempotent replays come back from the write model's
stored record, so a retry answers the first response and writes nothing.
"""

from __future__ import annotations

import secrets
from typing import Any
from uuid import UUID, uuid4

from services.api.auth.keys import new_key
from services.api.units import kg_from_lb
from shared.writemodel.application import SpotterApplication
from shared.writemodel.clients.register_client import RegisterClient, register_client
from shared.writemodel.clients.report_injury import ReportInjury, report_injury
from shared.writemodel.clients.resolve_injury import ResolveInjury, resolve_injury
from shared.writemodel.clients.set_equipment_profile import (
    SetEquipmentProfile,
    set_equipment_profile,
)
from shared.writemodel.clients.transfer_client import TransferClient, transfer_client
from shared.writemodel.clients.update_injury import UpdateInjury, update_injury
from shared.writemodel.clients.update_profile import UpdateProfile, update_profile
from shared.writemodel.context import CommandContext
from shared.writemodel.organizations.issue_api_key import IssueApiKey, issue_api_key
from shared.writemodel.organizations.revoke_api_key import RevokeApiKey, revoke_api_key
from shared.writemodel.sessions import (
    approve_session as _approve,
)
from shared.writemodel.sessions import (
    cancel_session as _cancel,
)
from shared.writemodel.sessions import (
    edit_session as _edit,
)
from shared.writemodel.sessions import (
    log_session as _log,
)
from shared.writemodel.sessions.request_session import RequestSession, request_session
from shared.writemodel.trainers.register_trainer import RegisterTrainer, register_trainer
from shared.writemodel.trainers.update_methodology import UpdateMethodology, update_methodology

__all__ = ["CommandContext", "Commands"]


def _salt() -> str:
    return secrets.token_hex(8)


class Commands:
    app: SpotterApplication

    def register_trainer(self, ctx: CommandContext, body: Any) -> dict[str, Any]:
        key = new_key(uuid4())
        cmd = RegisterTrainer(
            trainer_id=uuid4(), name=body.name, email=body.email,
            methodology=body.methodology.model_dump(mode="json"),
            key_id=key.key_id, key_secret=key.secret, key_salt=_salt(),
        )
        out = register_trainer(self.app, cmd, ctx)
        # The secret is never stored: a replayed response cannot show it again.
        token = None if out.replayed else key.token
        return {"id": out.aggregate_id, "version": out.version, "key_id": out.extra["key_id"],
                "api_key": token, "replayed": out.replayed}

    def update_methodology(self, ctx: CommandContext, trainer_id: UUID, body: Any) -> dict:
        cmd = UpdateMethodology(trainer_id=trainer_id, methodology=body.model_dump(mode="json"))
        out = update_methodology(self.app, cmd, ctx)
        return {"id": out.aggregate_id, "version": out.version, **out.extra}

    def register_client(self, ctx: CommandContext, body: Any) -> dict[str, Any]:
        fields = body.model_dump(mode="json")
        cmd = RegisterClient(client_id=uuid4(), **{**fields, "trainer_id": body.trainer_id})
        out = register_client(self.app, cmd, ctx)
        return {"id": out.aggregate_id, "version": out.version}

    def update_profile(self, ctx: CommandContext, client_id: UUID, body: Any) -> dict:
        changes = body.model_dump(mode="json", exclude_unset=True)
        out = update_profile(self.app, UpdateProfile(client_id=client_id, changes=changes), ctx)
        return {"id": out.aggregate_id, "version": out.version}

    def transfer_client(self, ctx: CommandContext, client_id: UUID, body: Any) -> dict:
        cmd = TransferClient(client_id=client_id, to_trainer_id=body.to_trainer_id,
                             reason=body.reason)
        out = transfer_client(self.app, cmd, ctx)
        return {"id": out.aggregate_id, "version": out.version}

    def report_injury(self, ctx: CommandContext, client_id: UUID, body: Any) -> dict:
        cmd = ReportInjury(client_id=client_id, injury_id=uuid4(), **body.model_dump(mode="json"))
        out = report_injury(self.app, cmd, ctx)
        return {"injury_id": out.extra["injury_id"], "version": out.version}

    def update_injury(self, ctx: CommandContext, client_id: UUID, injury_id: UUID, body: Any):
        cmd = UpdateInjury(client_id=client_id, injury_id=injury_id, **body.model_dump())
        out = update_injury(self.app, cmd, ctx)
        return {"injury_id": injury_id, "version": out.version}

    def resolve_injury(self, ctx: CommandContext, client_id: UUID, injury_id: UUID, body: Any):
        cmd = ResolveInjury(client_id=client_id, injury_id=injury_id, note=body.note)
        out = resolve_injury(self.app, cmd, ctx)
        return {"injury_id": injury_id, "version": out.version}

    def set_equipment_profile(
        self, ctx: CommandContext, client_id: UUID, profile_name: str, body: Any
    ) -> dict[str, Any]:
        cmd = SetEquipmentProfile(client_id=client_id, profile_name=profile_name,
                                  items=list(body.items))
        out = set_equipment_profile(self.app, cmd, ctx)
        return {"id": out.aggregate_id, "version": out.version}

    def request_session(self, ctx: CommandContext, client_id: UUID, body: Any) -> dict:
        fields = body.model_dump(mode="json")
        out = request_session(
            self.app, RequestSession(client_id=client_id, session_id=uuid4(), **fields), ctx
        )
        return {"session_id": out.aggregate_id, "status": out.extra.get("status", "requested"),
                "version": out.version}

    def _session(self, ctx: CommandContext, module: Any, cmd: Any) -> dict[str, Any]:
        handler = getattr(module, module.__name__.rsplit(".", 1)[-1])
        out = handler(self.app, cmd, ctx)
        return {"id": out.aggregate_id, "status": out.extra["status"], "version": out.version}

    def approve_session(self, ctx: CommandContext, session_id: UUID, body: Any) -> dict:
        return self._session(ctx, _approve, _approve.ApproveSession(
            session_id=session_id, note=body.note))

    def edit_session(self, ctx: CommandContext, session_id: UUID, body: Any) -> dict:
        return self._session(ctx, _edit, _edit.EditSession(
            session_id=session_id, plan=body.plan.model_dump(mode="json"), note=body.note))

    def cancel_session(self, ctx: CommandContext, session_id: UUID, body: Any) -> dict:
        return self._session(ctx, _cancel, _cancel.CancelSession(
            session_id=session_id, reason=body.reason))

    def log_session(self, ctx: CommandContext, session_id: UUID, body: Any) -> dict:
        fields = body.model_dump(mode="json")
        fields["performed_on"] = body.performed_on or ctx.now.date()
        for exercise in fields["exercises"]:
            for logged in exercise["sets"]:
                pounds = logged.pop("load_lb")
                if logged["load_kg"] is None and pounds is not None:
                    logged["load_kg"] = kg_from_lb(pounds)
        return self._session(ctx, _log, _log.LogSession(session_id=session_id, **fields))

    def issue_key(self, ctx: CommandContext, body: Any) -> dict[str, Any]:
        key = new_key(uuid4())
        cmd = IssueApiKey(key_id=key.key_id, role=body.role, trainer_id=body.trainer_id,
                          label=body.label, secret=key.secret, salt=_salt())
        out = issue_api_key(self.app, cmd, ctx)
        return {"key_id": out.aggregate_id, "api_key": None if out.replayed else key.token,
                "role": body.role, "trainer_id": body.trainer_id, "version": out.version}

    def revoke_key(self, ctx: CommandContext, key_id: UUID, reason: str | None) -> dict:
        out = revoke_api_key(self.app, RevokeApiKey(key_id=key_id, reason=reason), ctx)
        return {"key_id": out.aggregate_id, "revoked": True, "version": out.version}

    def generate_roadmap(self, ctx: CommandContext, client_id: UUID, body: Any) -> dict:
        from services.api.adapters.roadmap_engine import generate

        return generate(self.app, ctx, client_id, body)
