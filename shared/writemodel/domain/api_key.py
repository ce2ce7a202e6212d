"""ApiKey: a bearer credential; only a salted hash of its secret is ever stored."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Self
from uuid import UUID

from shared.events.payloads import organizations as contract
from shared.writemodel.domain.base import EventMeta, SpotterAggregate
from shared.writemodel.errors import ApiKeyRevoked

HASH_SCHEME = "sha256"


def hash_secret(secret: str, salt: str) -> str:
    """Salted SHA-256: the secrets are long random tokens, so a slow KDF buys nothing."""
    digest = hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()
    return f"{HASH_SCHEME}${salt}${digest}"


def verify_secret(secret: str, stored_hash: str) -> bool:
    scheme, salt, _ = stored_hash.split("$", 2)
    if scheme != HASH_SCHEME:
        return False
    return hmac.compare_digest(hash_secret(secret, salt), stored_hash)


class ApiKey(SpotterAggregate):
    AGGREGATE_TYPE = "api_key"

    class Issued(SpotterAggregate.Created):
        CONTRACT = contract.ApiKeyIssued
        key_id: str
        role: str
        trainer_id: str | None
        label: str | None
        secret_hash: str  # internal: dropped by outbound.to_envelope

        def apply(self, aggregate: ApiKey) -> None:
            aggregate.organization_id = self.meta["organization_id"]
            aggregate.role = self.role
            aggregate.trainer_id = self.trainer_id
            aggregate.label = self.label
            aggregate.secret_hash = self.secret_hash
            aggregate.revoked = False

    class Revoked(SpotterAggregate.Event):
        CONTRACT = contract.ApiKeyRevoked
        key_id: str
        reason: str | None

        def apply(self, aggregate: ApiKey) -> None:
            aggregate.revoked = True

    @classmethod
    def issue(
        cls, *, key_id: UUID, role: str, trainer_id: UUID | None, label: str | None,
        secret: str, salt: str, now: datetime, meta: EventMeta,
    ) -> Self:
        fields = {"key_id": key_id, "role": role, "trainer_id": trainer_id, "label": label}
        return cls._start(
            cls.Issued, id=key_id, now=now, meta=meta, secret_hash=hash_secret(secret, salt),
            **fields,
        )

    def verify(self, secret: str) -> bool:
        return not self.revoked and verify_secret(secret, self.secret_hash)

    def revoke(self, *, reason: str | None, now: datetime, meta: EventMeta) -> None:
        if self.revoked:
            raise ApiKeyRevoked(f"api key {self.id} is already revoked")
        self._record(self.Revoked, now=now, meta=meta, key_id=self.id, reason=reason)
