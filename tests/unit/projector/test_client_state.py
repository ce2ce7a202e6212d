"""The pure client-state fold and time travel over it."""

from __future__ import annotations

from datetime import datetime, timezone

from services.projector.domain import client_state
from services.projector.time_travel import state_as_of

C, T1, T2, ORG, I1, S1 = (f"c0000000-0000-4000-8000-00000000000{i}" for i in range(6))


def env(pos: int, type_: str, payload: dict, day: int, agg: str = "client") -> dict:
    return {"event_id": f"e0000000-0000-4000-8000-00000000000{pos}", "type": type_,
            "schema_version": 1, "position": pos, "occurred_at": f"2026-03-{day:02d}T10:00:00Z",
            "organization_id": ORG, "aggregate_type": agg, "aggregate_id": C,
            "aggregate_version": pos, "client_id": C, "payload": payload,
            "actor": {"kind": "trainer", "id": T1}, "correlation_id": "r"}


HISTORY = [
    env(1, "client.registered", {"client_id": C, "name": "Ana", "trainer_id": T1,
                                 "goals": [], "experience": "beginner",
                                 "sessions_per_week": 3}, 1),
    env(2, "client.injury_reported", {"injury_id": I1, "region": "knee", "side": "left",
                                      "severity": 5, "status": "active",
                                      "description": ""}, 2),
    env(3, "client.transferred", {"from_trainer_id": T1, "to_trainer_id": T2}, 5),
    env(4, "client.injury_resolved", {"injury_id": I1, "note": None}, 9),
    env(5, "session.logged", {"session_id": S1, "feel": 2, "session_rpe": 8,
                              "performed_on": "2026-03-10"}, 10, agg="session"),
]


def fold(events: list[dict]) -> dict:
    state = None
    for e in events:
        state = client_state.evolve(state, e)
    assert state is not None
    return state


def test_fold_tracks_profile_injuries_trainer_and_last_session() -> None:
    s = fold(HISTORY)
    assert s["trainer_id"] == T2 and s["active_injuries"] == []
    assert s["injuries"][I1]["status"] == "resolved"
    # session events move the watermark-relevant position but not the client version
    assert s["version"] == 4 and s["position"] == 5
    assert s["last_session"]["session_id"] == S1 and s["latest_feel"] == 2


def test_evolve_does_not_mutate_its_input() -> None:
    before = fold(HISTORY[:2])
    snapshot = repr(before)
    client_state.evolve(before, HISTORY[3])
    assert repr(before) == snapshot


def test_state_as_of_a_past_instant() -> None:
    then = state_as_of(HISTORY, datetime(2026, 3, 6, tzinfo=timezone.utc))
    assert then is not None
    assert then["trainer_id"] == T2 and [i["injury_id"] for i in then["active_injuries"]] == [I1]
    assert state_as_of(HISTORY, datetime(2026, 2, 1, tzinfo=timezone.utc)) is None
    assert state_as_of(list(reversed(HISTORY)), datetime(2027, 1, 1, tzinfo=timezone.utc)) \
        == fold(HISTORY)


def test_owned_evolve_gives_the_same_state_and_leaves_payloads_alone() -> None:
    import copy

    extra = [
        env(6, "client.injury_reported", {"injury_id": S1, "region": "hip", "side": "right",
                                          "severity": 3, "status": "active",
                                          "description": "d"}, 11),
        env(7, "client.injury_updated", {"injury_id": S1, "severity": 6}, 12),
        env(8, "client.equipment_profile_set", {"profile_name": "home",
                                                "items": ["dumbbells"]}, 13),
        env(9, "client.profile_updated", {"changes": {"goals": ["strength"]}}, 14),
    ]
    events = HISTORY + extra
    before = copy.deepcopy(events)
    owned = client_state.evolve(None, events[0])
    for e in events[1:]:
        owned = client_state.evolve(owned, e, owned=True)
    assert owned == fold(events)
    assert events == before  # the envelopes (and the audit rows sharing them) are untouched
