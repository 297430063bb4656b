"""Reconnecting: while the server refuses connections the client retries quickly and backs off
to a short cap (back within ~2 s of the server's return, without hammering one that stays
down); other failures back off further; Retry-After is honoured. Proved by the schedule the
client chose (each loop's `Backoff.waits`), never by a wall-clock assertion; the time it takes
is measured by bench/bench_reconnect.py."""

from __future__ import annotations

import random

import httpx
import pytest

from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.sync.api import Refused, RetryLater, Unreachable
from cockpit.sync.backoff import Backoff
from cockpit.sync.status import State
from tests.sync.helpers import Terminal, token, until


class Top(random.Random):
    """Jitter that always picks the longest wait (the worst case)."""

    def uniform(self, a: float, b: float) -> float:
        return b


def test_refused_connections_are_retried_quickly_up_to_a_short_cap():
    b = Backoff(first=0.1, cap=30.0, refused_cap=1.5, rng=Top())
    down = Refused("cannot reach http://127.0.0.1:8700 (connection refused)")
    assert [round(b.next(down), 3) for _ in range(8)] == [0.1, 0.2, 0.4, 0.8, 1.5, 1.5, 1.5, 1.5]
    b.reset()  # a success starts over
    assert b.next(down) == 0.1


def test_other_failures_back_off_to_the_long_cap_and_retry_after_is_honoured():
    b = Backoff(first=0.1, cap=30.0, refused_cap=1.5, rng=Top())
    failing = Unreachable("http://x failed (502)")
    waits = [round(b.next(failing), 3) for _ in range(11)]
    assert waits == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30.0, 30.0]
    assert b.next(RetryLater("busy (429)", 7.0)) == 7.0  # what the server asked for
    assert b.next(RetryLater("busy (503)", None)) == 30.0  # none said: the backoff's own


def test_every_wait_is_jittered_between_half_and_all_of_it():
    b = Backoff(first=0.1, cap=30.0, refused_cap=1.5, rng=random.Random(7))
    down = Refused("refused")
    waits = [b.next(down) for _ in range(40)]
    assert all(0.05 <= w <= 0.1 for w in waits[:1]) and all(0.75 <= w <= 1.5 for w in waits[5:])
    assert len({round(w, 6) for w in waits[5:]}) > 20  # not in step with other terminals


async def test_a_client_comes_back_soon_after_the_server_restarts_on_its_port(tmp_path):
    db = tmp_path / "server.sqlite3"
    server = ServerThread(SQLiteStorage(db)).start()
    t = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = t.declare()
    t.join(incident, server.url)
    # the real schedule (first 0.1 s, 1.5 s while refused), not the tests' fast one
    await t.start(min_backoff=0.1, max_backoff=30.0, reconnect_cap=1.5)
    try:
        await until(lambda: t.engine.status(incident).state is State.LIVE, "live")
        waits = t.engine.syncs[incident].backoffs["pull"].waits
        server.stop()
        await until(lambda: t.engine.status(incident).state is State.OFFLINE, "offline")
        assert "cannot reach" in t.engine.status(incident).detail
        # down long enough for the waits to reach their cap: it stays there, no further
        await until(lambda: len(waits) >= 7, "the backoff to reach its cap")
        t.note(incident, "written while the server was down")
        server = ServerThread(SQLiteStorage(db), port=server.port).start()
        await until(lambda: t.engine.status(incident).state is State.LIVE, "live again")
        await until(lambda: t.pending(incident) == 0, "the note pushed")
        assert max(waits) <= 1.5  # so back within 1.5 s (and one request) of its return
        assert min(waits[4:]) >= 0.75  # and not hammering a server that stays down
    finally:
        await t.stop()
        server.stop()


@pytest.mark.parametrize("failure", ["refused", "502"])
async def test_each_failure_gets_its_schedule_in_the_loop(tmp_path, failure):
    """The pull loop's waits follow the schedule for the failure it met (a controllable
    transport: it fails a fixed number of times, then the server answers)."""
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            calls["n"] += 1
            if calls["n"] <= 6:
                if failure == "refused":
                    raise httpx.ConnectError("connection refused")
                return httpx.Response(502, text="bad gateway")
            return httpx.Response(
                200, json={"epoch": "e1", "cursor": "e1:0", "last_seq": 0, "events": []}
            )
        if request.method == "PUT":
            return httpx.Response(201, json={})
        events = __import__("json").loads(request.content)["events"]
        return httpx.Response(200, json={"results": [
            {"id": e["id"], "status": "created", "seq": k} for k, e in enumerate(events, 1)
        ]})  # fmt: skip

    t = Terminal(tmp_path, "alice", "tok")
    incident = t.declare()
    t.join(incident, "http://fake.test")
    await t.start(transport=httpx.MockTransport(handler), min_backoff=0.001, max_backoff=0.05,
                  reconnect_cap=0.004, wait=0.01, rng=Top())  # fmt: skip
    try:
        await until(lambda: calls["n"] > 6 and t.engine.status(incident).ok, "back")
        pulls = [round(w, 4) for w in t.engine.syncs[incident].backoffs["pull"].waits[:6]]
        if failure == "refused":
            assert pulls == [0.001, 0.002, 0.004, 0.004, 0.004, 0.004]
        else:
            assert pulls == [0.001, 0.002, 0.004, 0.008, 0.016, 0.032]
    finally:
        await t.stop()
