"""Blue/green rebuild against real PostgreSQL while a live applier keeps writing."""

from __future__ import annotations

import threading
import time

import psycopg
from pj_events import Story, to_messages

from services.projector import queries
from services.projector.apply import Message, apply_batch
from services.projector.checksum import checksum
from services.projector.db import connect
from services.projector.rebuild.blue_green import rebuild_from
from services.projector.rebuild.replay import TP
from services.projector.settings import LIVE_SCHEMA


class ListSource:
    """A topic already written, read from the start in small batches."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages, self.cursor = messages, 0

    def end_offsets(self) -> dict[TP, int]:
        ends: dict[TP, int] = {}
        for m in self.messages:
            ends[(m.topic, m.partition)] = m.offset + 1
        return ends

    def poll(self, timeout_ms: int = 200) -> list[Message]:
        batch = self.messages[self.cursor:self.cursor + 7]
        self.cursor += len(batch)
        time.sleep(0.002)
        return batch


def _history(n_clients: int) -> list[dict]:
    s = Story(seed=11)
    envs = [s.organization(), s.trainer()]
    for _ in range(n_clients):
        envs.append(s.client())
        cid = s.clients[-1]
        envs.append(s.injury(cid))
        req = s.request(cid, pain=True)
        sid = req["payload"]["session_id"]
        envs += [req, s.generated(sid), s.logged(sid)]
    return envs


def test_rebuild_swaps_in_a_copy_equal_to_a_clean_pass(database) -> None:
    envs = _history(40)
    messages = to_messages(envs, "t", partitions=3)
    live = connect(database.app_dsn, autocommit=True)
    apply_batch(live, LIVE_SCHEMA, messages[:50])
    stop = threading.Event()
    errors: list[BaseException] = []

    def live_projector() -> None:
        # the live consumer keeps applying, in batches of 5, through the swap
        try:
            for i in range(50, len(messages), 5):
                if stop.is_set():
                    return
                apply_batch(live, LIVE_SCHEMA, messages[i:i + 5])
                time.sleep(0.01)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=live_projector)
    worker.start()
    seen: list[tuple[int, int]] = []
    report = rebuild_from(ListSource(messages), database.owner_dsn, LIVE_SCHEMA,
                          progress=lambda done, total, rate, eta: seen.append((done, total)))
    worker.join(timeout=60)
    stop.set()
    assert not errors, errors
    assert report.events >= len(messages) and seen and seen[-1][0] == seen[-1][1]

    with connect(database.owner_dsn, autocommit=True) as owner:
        owner.execute("SELECT public.spotter_readmodel_install('clean')")
        apply_batch(owner, "clean", messages)
        assert checksum(owner, LIVE_SCHEMA) == checksum(owner, "clean")
        schemas = [r[0] for r in owner.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'readmodel%' ORDER BY 1")]
        assert schemas == [LIVE_SCHEMA]
        # loaded unlogged, swapped in logged: the live read models are crash-safe again
        unlogged = owner.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %s AND c.relpersistence <> 'p'""", (LIVE_SCHEMA,)).fetchall()
        assert unlogged == []
    # the service role still reads and writes the swapped-in tables
    cid = envs[-5]["client_id"]
    assert queries.get_client(live, envs[0]["organization_id"], cid) is not None
    again = apply_batch(live, LIVE_SCHEMA, messages[-5:])
    assert again.applied == 0
    live.close()


def test_rebuild_refuses_to_run_twice_at_once(database) -> None:
    from services.projector.rebuild import blue_green as module

    with psycopg.connect(database.owner_dsn, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (module._LOCK_KEY,))
        try:
            rebuild_from(ListSource([]), database.owner_dsn, LIVE_SCHEMA)
        except RuntimeError as exc:
            assert "another rebuild" in str(exc)
        else:
            raise AssertionError("a second rebuild ran")
