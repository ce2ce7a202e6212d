"""History behind the projector: which sessions are re-read from the event store, how many."""

from __future__ import annotations

import datetime as dt

from services.generator.adapters import readmodels
from services.generator.worker.loading import _bounded

SINCE = dt.date(2026, 11, 1)


def _doc(sid: str, status: str, day: str) -> dict:
    return {"id": sid, "status": status, "requested_at": f"{day}T08:00:00Z", "plan": {"main": []},
            "log": None, "request": {"focus": "lower"}}


DOCS = [_doc("open-new", "approved", "2026-11-28"), _doc("done", "logged", "2026-11-20"),
        _doc("cancelled", "cancelled", "2026-11-18"), _doc("requested", "requested", "2026-11-15"),
        _doc("open-old", "generated", "2026-10-01")]


def _logged(doc: dict) -> dict:
    return {**doc, "status": "logged", "log": {
        "performed_on": "2026-11-29", "feel": 2, "exercises": [],
        "pain_flags": [{"region": "knee", "severity": 5, "exercise_id": "goblet_squat"}]}}


def test_only_open_sessions_in_the_window_are_refreshed(monkeypatch):
    monkeypatch.setattr(readmodels.queries, "list_sessions", lambda *a, **k: [dict(d) for d in DOCS])
    asked: list[str] = []

    def refresh(doc: dict) -> dict:
        asked.append(doc["id"])
        return _logged(doc) if doc["id"] == "open-new" else doc

    history = readmodels.recent_sessions(None, "o", "c", SINCE, "this", refresh=refresh)
    assert asked == ["open-new", "requested"]
    by_id = {s["session_id"]: s for s in history}
    assert set(by_id) == {"open-new", "done"}
    assert by_id["open-new"]["date"] == "2026-11-29"  # performed_on, from the refreshed log
    assert by_id["open-new"]["pain_flags"][0]["exercise_id"] == "goblet_squat"


def test_without_refresh_the_read_model_is_taken_as_it_is(monkeypatch):
    monkeypatch.setattr(readmodels.queries, "list_sessions", lambda *a, **k: [dict(d) for d in DOCS])
    history = readmodels.recent_sessions(None, "o", "c", SINCE, "this")
    assert [s["session_id"] for s in history] == ["done", "open-new"]
    assert all(s["pain_flags"] == [] for s in history)


def test_refreshes_are_bounded():
    calls: list[int] = []
    refresh = _bounded(lambda doc: calls.append(1) or {**doc, "seen": True}, 2)
    out = [refresh({"id": n}) for n in range(4)]
    assert len(calls) == 2 and [d.get("seen", False) for d in out] == [True, True, False, False]
