"""The wire contract as the projector sees it, on top of shared/events.

The only module that knows about shared.events: messages are validated by its Envelope model
(anything that fails goes to the dead-letter topic), payloads are upcast to the current schema
version and checked by their payload model (an unknown type, a newer version or an invalid
payload is recorded and skipped). Past this module envelopes are plain dicts (JSON types).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from services.projector import canonical_envelope
from shared.events.envelope import Envelope as EnvelopeModel
from shared.events.errors import EventContractError
from shared.events.registry import model_for
from shared.events.upcasting import upcast

Envelope = dict[str, Any]


class EnvelopeError(ValueError):
    """The message is not an envelope at all: it goes to the dead-letter topic."""


def parse(raw: bytes | str | None) -> Envelope:
    """Decode and validate the envelope; raise EnvelopeError with a reason otherwise."""
    if raw is None:
        raise EnvelopeError("empty message value")
    canonical = canonical_envelope.parse(raw)
    if canonical is not None:
        return canonical
    try:
        model = EnvelopeModel.from_json_bytes(raw)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise EnvelopeError(f"not JSON: {exc.errors()[0]['msg']}") from exc
        raise EnvelopeError(f"invalid envelope: {_describe(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise EnvelopeError(f"not JSON: {exc}") from exc
    marker: tuple[bytes, bytes] | tuple[str, str] = (
        (b"NaN", b"Infinity") if isinstance(raw, bytes) else ("NaN", "Infinity"))
    if marker[0] in raw or marker[1] in raw:  # type: ignore[operator]
        return model.model_dump(mode="json")  # the dump turns non-finite numbers into null
    # the payload parsed from JSON is JSON already: dumping it again would cost more than the
    # rest of the envelope's validation
    env = model.model_dump(mode="json", exclude={"payload"})
    env["payload"] = model.payload
    return env


def current(env: Envelope) -> tuple[Envelope, str | None]:
    """The envelope with its payload upcast to the current version, or the reason it is
    skipped (unknown type, newer version, payload that does not fit its model)."""
    try:
        version, payload = upcast(env["type"], env["schema_version"], env["payload"])
        model_for(env["type"]).model_validate(payload)
    except EventContractError as exc:
        return env, str(exc)
    except ValidationError as exc:
        return env, f"invalid payload: {_describe(exc)}"[:500]
    return {**env, "schema_version": version, "payload": payload}, None


def _describe(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}"
                     for e in exc.errors()[:5])


def skip_reason(env: Envelope) -> str | None:
    return current(env)[1]


def occurred_at(env: Envelope) -> datetime:
    return datetime.fromisoformat(str(env["occurred_at"]).replace("Z", "+00:00"))


def occurred_on(env: Envelope) -> date:
    return occurred_at(env).date()


def encode(env: Envelope) -> bytes:
    """The wire bytes of an envelope (tests use it)."""
    return EnvelopeModel.model_validate(env).to_json_bytes()
