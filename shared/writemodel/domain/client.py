"""Client: profile, injuries, equipment, trainer and roadmap; every event is keyed by client."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self
from uuid import UUID

from shared.events.payloads import clients as contract
from shared.writemodel.domain.base import EventMeta, SpotterAggregate
from shared.writemodel.domain.roadmap import RoadmapEvents
from shared.writemodel.errors import InjuryAlreadyResolved, InjuryNotFound, InvalidTransition


class Client(RoadmapEvents, SpotterAggregate):
    AGGREGATE_TYPE = "client"

    class Registered(SpotterAggregate.Created):
        CONTRACT = contract.ClientRegistered
        client_id: str
        name: str
        trainer_id: str
        goals: list[dict[str, Any]]
        experience: str
        sessions_per_week: int
        birth_year: int | None
        notes: str | None

        def apply(self, aggregate: Client) -> None:
            aggregate.organization_id = self.meta["organization_id"]
            aggregate.profile = {
                "name": self.name, "goals": self.goals, "experience": self.experience,
                "sessions_per_week": self.sessions_per_week, "birth_year": self.birth_year,
                "notes": self.notes, "preferences": {},
            }
            aggregate.trainer_id = self.trainer_id
            aggregate.injuries = {}
            aggregate.equipment_profiles = {}
            aggregate.roadmap = None
            aggregate.roadmap_position = None

    class ProfileUpdated(SpotterAggregate.Event):
        CONTRACT = contract.ProfileUpdated
        changes: dict[str, Any]

        def apply(self, aggregate: Client) -> None:
            aggregate.profile = {**aggregate.profile, **self.changes}

    class InjuryReported(SpotterAggregate.Event):
        CONTRACT = contract.InjuryReported
        injury_id: str
        region: str
        side: str | None
        severity: int
        status: str
        description: str
        onset: str

        def apply(self, aggregate: Client) -> None:
            aggregate.injuries[self.injury_id] = {
                "injury_id": self.injury_id, "region": self.region, "side": self.side,
                "severity": self.severity, "status": self.status,
                "description": self.description, "onset": self.onset,
            }

    class InjuryUpdated(SpotterAggregate.Event):
        CONTRACT = contract.InjuryUpdated
        injury_id: str
        severity: int | None
        status: str | None
        description: str | None

        def apply(self, aggregate: Client) -> None:
            injury = aggregate.injuries[self.injury_id]
            for name in ("severity", "status", "description"):
                if getattr(self, name) is not None:
                    injury[name] = getattr(self, name)

    class InjuryResolved(SpotterAggregate.Event):
        CONTRACT = contract.InjuryResolved
        injury_id: str
        note: str | None

        def apply(self, aggregate: Client) -> None:
            aggregate.injuries[self.injury_id]["status"] = "resolved"

    class EquipmentProfileSet(SpotterAggregate.Event):
        CONTRACT = contract.EquipmentProfileSet
        profile_name: str
        items: list[str]

        def apply(self, aggregate: Client) -> None:
            aggregate.equipment_profiles[self.profile_name] = list(self.items)

    class Transferred(SpotterAggregate.Event):
        CONTRACT = contract.ClientTransferred
        from_trainer_id: str
        to_trainer_id: str
        reason: str | None

        def apply(self, aggregate: Client) -> None:
            aggregate.trainer_id = self.to_trainer_id

    # -- decisions -------------------------------------------------------------------------

    @classmethod
    def register(
        cls, *, client_id: UUID, name: str, trainer_id: UUID, goals: list[dict[str, Any]],
        experience: str, sessions_per_week: int, birth_year: int | None, notes: str | None,
        now: datetime, meta: EventMeta,
    ) -> Self:
        return cls._start(
            cls.Registered, id=client_id, now=now, meta=meta.for_client(client_id),
            client_id=client_id, name=name, trainer_id=trainer_id, goals=goals,
            experience=experience, sessions_per_week=sessions_per_week, birth_year=birth_year,
            notes=notes,
        )

    def _record(self, event_class: Any, *, now: datetime, meta: EventMeta, **fields: Any) -> None:
        super()._record(event_class, now=now, meta=meta.for_client(self.id), **fields)

    @property
    def active_injuries(self) -> list[dict[str, Any]]:
        return [i for i in self.injuries.values() if i["status"] != "resolved"]

    def update_profile(self, *, changes: dict[str, Any], now: datetime, meta: EventMeta) -> None:
        changed = {k: v for k, v in changes.items() if v is not None}
        if not changed:
            raise InvalidTransition("a profile update must change at least one field")
        self._record(self.ProfileUpdated, now=now, meta=meta, changes=changed)

    def report_injury(
        self, *, injury_id: UUID, region: str, side: str | None, severity: int, status: str,
        description: str, onset: str, now: datetime, meta: EventMeta,
    ) -> None:
        if str(injury_id) in self.injuries:
            raise InvalidTransition(f"injury {injury_id} was already reported")
        self._record(
            self.InjuryReported, now=now, meta=meta, injury_id=injury_id, region=region,
            side=side, severity=severity, status=status, description=description, onset=onset,
        )

    def _open_injury(self, injury_id: UUID) -> dict[str, Any]:
        injury = self.injuries.get(str(injury_id))
        if injury is None:
            raise InjuryNotFound(f"client has no injury {injury_id}")
        if injury["status"] == "resolved":
            raise InjuryAlreadyResolved(f"injury {injury_id} is already resolved")
        return injury

    def update_injury(
        self, *, injury_id: UUID, severity: int | None, status: str | None,
        description: str | None, now: datetime, meta: EventMeta,
    ) -> None:
        self._open_injury(injury_id)
        if severity is None and status is None and description is None:
            raise InvalidTransition("an injury update must change at least one field")
        self._record(
            self.InjuryUpdated, now=now, meta=meta, injury_id=injury_id, severity=severity,
            status=status, description=description,
        )

    def resolve_injury(
        self, *, injury_id: UUID, note: str | None, now: datetime, meta: EventMeta
    ) -> None:
        self._open_injury(injury_id)
        self._record(self.InjuryResolved, now=now, meta=meta, injury_id=injury_id, note=note)

    def set_equipment_profile(
        self, *, profile_name: str, items: list[str], now: datetime, meta: EventMeta
    ) -> None:
        self._record(
            self.EquipmentProfileSet, now=now, meta=meta, profile_name=profile_name,
            items=sorted(set(items)),
        )

    def transfer(
        self, *, to_trainer_id: UUID, reason: str | None, now: datetime, meta: EventMeta
    ) -> None:
        """Same-organization is checked by the command handler, which can load the trainer."""
        if str(to_trainer_id) == self.trainer_id:
            raise InvalidTransition("the client already belongs to that trainer")
        self._record(
            self.Transferred, now=now, meta=meta, from_trainer_id=self.trainer_id,
            to_trainer_id=to_trainer_id, reason=reason,
        )

