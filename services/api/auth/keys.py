"""API key format ``spk_<key id hex>_<secret>``, generation, and verification with a short cache.

Only salted hashes are stored (by the write model); the cache holds positive results for at most
``ttl`` seconds so that revocation takes effect almost immediately while hot keys stay cheap.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from services.api.auth.principal import Principal

PREFIX = "spk_"


@dataclass(frozen=True)
class NewKey:
    key_id: UUID
    secret: str

    @property
    def token(self) -> str:
        return f"{PREFIX}{self.key_id.hex}_{self.secret}"


def new_key(key_id: UUID) -> NewKey:
    # token_hex: no "_" in the secret, so the token splits unambiguously.
    return NewKey(key_id=key_id, secret=secrets.token_hex(24))


def parse_token(token: str) -> tuple[UUID, str] | None:
    if not token.startswith(PREFIX):
        return None
    parts = token[len(PREFIX):].split("_", 1)
    if len(parts) != 2 or len(parts[0]) != 32 or not parts[1]:
        return None
    try:
        return UUID(hex=parts[0]), parts[1]
    except ValueError:
        return None


# Looks the key up in the write model and checks the secret; None when unknown/revoked/wrong.
Verifier = Callable[[UUID, str], Principal | None]


class KeyAuthenticator:
    def __init__(self, verify: Verifier, ttl_s: float, clock: Callable[[], float] = time.monotonic):
        self._verify = verify
        self._ttl = ttl_s
        self._clock = clock
        self._cache: dict[bytes, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def cached(self, token: str) -> Principal | None:
        """The principal of a token verified within the TTL; None: not cached (verify it)."""
        digest = hashlib.sha256(token.encode()).digest()
        with self._lock:
            hit = self._cache.get(digest)
        return hit[1] if hit is not None and hit[0] > self._clock() else None

    def authenticate(self, token: str) -> Principal | None:
        parsed = parse_token(token)
        if parsed is None:
            return None
        hit = self.cached(token)
        if hit is not None:
            return hit
        digest = hashlib.sha256(token.encode()).digest()
        now = self._clock()
        principal = self._verify(*parsed)
        if principal is not None and self._ttl > 0:
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[digest] = (now + self._ttl, principal)
        return principal

    def forget(self, key_id: UUID) -> None:
        """Drop cached results of a key this process just revoked."""
        with self._lock:
            for digest, (_, p) in list(self._cache.items()):
                if p.key_id == key_id:
                    del self._cache[digest]
