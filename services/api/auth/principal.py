"""Who is calling: organization, role, key and (for trainers) the trainer they are."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.api.problems import Problem


@dataclass(frozen=True)
class Principal:
    key_id: UUID
    organization_id: UUID
    role: str
    trainer_id: UUID | None

    @property
    def actor_id(self) -> str:
        """The id written into every event's envelope as the actor."""
        return str(self.trainer_id if self.role == "trainer" and self.trainer_id else self.key_id)

    def require(self, *roles: str) -> None:
        """403 for a role that may not do this at all (says nothing about any resource)."""
        if self.role not in roles:
            raise Problem(403, "forbidden", f"The {self.role} role cannot do this.")

    def can_see_trainer_of(self, trainer_id: UUID | str) -> bool:
        """Trainers see only their own clients; every other role sees the whole organization."""
        if self.role != "trainer":
            return True
        return self.trainer_id is not None and str(self.trainer_id) == str(trainer_id)
