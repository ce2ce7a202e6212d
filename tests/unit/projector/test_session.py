from __future__ import annotations

from services.projector.domain import session


def env(v: int, type_: str, payload: dict) -> dict:
    return {"event_id": f"e{v}", "type": type_, "schema_version": 1, "aggregate_version": v,
            "occurred_at": f"2026-03-0{v}T10:00:00Z", "organization_id": "o", "client_id": "c",
            "actor": {"kind": "trainer", "id": "t"}, "payload": {"session_id": "s", **payload}}


def test_session_lifecycle() -> None:
    s = None
    for e in [env(1, "session.requested", {"trainer_id": "t", "duration_min": 45}),
              env(2, "session.generated", {"plan": {"main": []}}),
              env(3, "session.edited", {"plan": {"main": [1]}, "note": "swap"}),
              env(4, "session.approved", {"note": None}),
              env(5, "session.logged", {"feel": 4, "exercises": []})]:
        s = session.evolve(s, e)
    assert s is not None
    assert s["status"] == "logged" and s["version"] == 5
    assert s["request"]["duration_min"] == 45 and s["plan"] == {"main": [1]}
    assert s["edits"][0]["note"] == "swap" and s["approval"]["at"].startswith("2026-03-04")
    assert s["log"]["feel"] == 4


def test_failure_and_referral_are_reported() -> None:
    s = session.evolve(None, env(1, "session.requested", {"trainer_id": "t"}))
    s = session.evolve(s, env(2, "session.referred", {"reason": "chest pain",
                                                     "referral": "see a doctor"}))
    assert s["status"] == "referred" and s["failure"]["referral"] == "see a doctor"


def test_evolve_leaves_its_input_untouched() -> None:
    import copy

    s = session.evolve(None, env(1, "session.requested", {"trainer_id": "t"}))
    s = session.evolve(s, env(2, "session.generated", {"plan": {"main": [1]}}))
    steps = [env(3, "session.edited", {"plan": {"main": [2]}, "note": "a"}),
             env(4, "session.edited", {"plan": {"main": [3]}, "note": "b"}),
             env(5, "session.approved", {"note": "ok"}),
             env(6, "session.logged", {"feel": 3, "exercises": []}),
             env(7, "session.cancelled", {"reason": "x"})]
    for e in steps:
        before = copy.deepcopy(s)
        after = session.evolve(s, e)
        assert s == before and after is not s
        s = after
    assert [e["note"] for e in s["edits"]] == ["a", "b"]
