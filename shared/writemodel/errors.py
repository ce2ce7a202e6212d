"""Domain and command errors; the API maps each to a status (404, 409, 422)."""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a rule of the domain; nothing was recorded."""


class InvalidPayload(DomainError):
    """The event would break its public contract (e.g. severity outside 0-10)."""

    def __init__(self, event_type: str, error: Exception) -> None:
        errors = getattr(error, "errors", lambda: [])()
        self.fields = [".".join(str(p) for p in e.get("loc", ())) for e in errors]
        super().__init__(f"invalid {event_type}: {error}")
        self.event_type = event_type


class NotFound(DomainError):
    """Unknown aggregate, or one of another organization (never reveal it exists)."""


class Conflict(DomainError):
    """The aggregate moved on since the caller read it (expected version is stale)."""

    def __init__(self, current_version: int, message: str = "") -> None:
        super().__init__(message or f"aggregate is at version {current_version}")
        self.current_version = current_version


class InvalidTransition(DomainError):
    """The aggregate's state does not allow this command now (e.g. log before generated)."""


class AlreadyGenerated(InvalidTransition):
    """A second generator result for the same session request is refused."""


class UnknownMethodologyVersion(DomainError):
    pass


class InjuryNotFound(DomainError):
    pass


class InjuryAlreadyResolved(InvalidTransition):
    pass


class CrossOrganizationTransfer(DomainError):
    """A client moves only to a trainer of the same organization."""


class ApiKeyRevoked(InvalidTransition):
    pass


class IdempotencyKeyReused(DomainError):
    """The same idempotency key came with a different request body (422)."""
