"""Two and three terminals, each with its own file, through the real server on 127.0.0.1."""

from __future__ import annotations

import pytest

from cockpit.sync.status import State
from tests.sync.helpers import Terminal, joined_pair, token, until


async def _all_equal(terms: list[Terminal], incident: str, n: int) -> None:
    await until(lambda: all(len(t.ids(incident)) == n for t in terms), f"{n} events everywhere")
    await until(lambda: all(t.pending(incident) == 0 for t in terms), "empty outboxes")
    first = terms[0].snapshot(incident)
    for t in terms[1:]:
        assert t.snapshot(incident) == first
        assert t.ids(incident) == terms[0].ids(incident)


@pytest.mark.parametrize("count", [2, 3])
async def test_terminals_converge_to_one_timeline_and_state(server, tmp_path, count):
    names = ["alice", "bob", "carol"][:count]
    terms = [
        Terminal(tmp_path, n, token(server.storage, n), minutes=i) for i, n in enumerate(names)
    ]
    incident = terms[0].declare()
    terms[0].note(incident, "before joining")
    for t in terms:
        t.join(incident, server.url)
        await t.start()
    try:
        await until(lambda: all(len(t.ids(incident)) == 2 for t in terms), "the first two events")
        # everyone writes at once, including shared state that nobody saw the others set
        for i, t in enumerate(terms):
            for k in range(5):
                t.note(incident, f"{t.name} note {k}")
            t.write(incident, {"kind": "severity_set", "severity": f"SEV{i + 1}"})
        await _all_equal(terms, incident, 2 + count * 6)
        state = terms[0].store.state(incident)
        assert [c.register for c in state.conflicts()] == [("severity",)]
        await until(lambda: all(t.engine.status(incident).conflicts == 1 for t in terms),
                    "every status line to show the conflict")  # fmt: skip
        # one terminal resolves the conflict: a write that saw every head
        terms[-1].write(incident, {"kind": "severity_set", "severity": "SEV2"})
        await _all_equal(terms, incident, 2 + count * 6 + 1)
        assert terms[0].store.state(incident).conflicts() == []
        assert terms[0].store.state(incident).severity.value == "SEV2"
        await until(lambda: all(t.engine.status(incident).conflicts == 0 for t in terms),
                    "the conflict to clear everywhere")  # fmt: skip
        assert all(t.engine.status(incident).state is State.LIVE for t in terms)
        assert "sync: live" in terms[1].engine.status(incident).line()
        # the server numbered every event once, with no gap
        _, last, rows, _ = server.storage.pull(incident, 0, 10_000)
        assert [s for s, _, _ in rows] == list(range(1, last + 1)) and last == 2 + count * 6 + 1
    finally:
        for t in terms:
            await t.stop()
            t.close()


async def test_arrivals_are_reported_to_the_screen(server, tmp_path):
    a, b, incident = await joined_pair(tmp_path, server)
    try:
        e = a.note(incident, "deploy rolled back")
        await until(lambda: any(x.id == e.id for x in b.arrived), "bob's screen to hear of it")
        assert b.store.event(e.id) == e
        assert not any(x.id == e.id for x in a.arrived)  # own events are not news
    finally:
        await a.stop()
        await b.stop()


async def test_a_clock_far_ahead_is_capped_and_everyone_agrees(tmp_path):
    from cockpit.core.clock import FakeClock
    from cockpit.server.run import ServerThread
    from cockpit.server.storage.sqlite import SQLiteStorage
    from tests.conftest import T0

    server = ServerThread(SQLiteStorage(tmp_path / "server.sqlite3"), clock=FakeClock(T0)).start()
    a = Terminal(tmp_path, "alice", token(server.storage, "alice"), minutes=180)  # 3 h ahead
    b = Terminal(tmp_path, "bob", token(server.storage, "bob"))
    incident = a.declare()
    a.join(incident, server.url)
    b.join(incident, server.url)
    await a.start()
    await b.start()
    try:
        ahead = a.write(incident, {"kind": "severity_set", "severity": "SEV1"})
        await until(lambda: b.store.event(ahead.id) is not None, "bob to get it")
        assert b.store.event(ahead.id).hlc < ahead.hlc  # the server moved it back
        await until(lambda: a.store.event(ahead.id).hlc == b.store.event(ahead.id).hlc,
                    "alice to take the server's value")  # fmt: skip
        b.write(incident, {"kind": "severity_set", "severity": "SEV3"})  # bob saw SEV1
        await until(lambda: len(a.ids(incident)) == 3, "alice to get bob's change")
        assert a.snapshot(incident) == b.snapshot(incident)
        assert a.store.state(incident).severity.value == "SEV3"
    finally:
        await a.stop()
        await b.stop()
        server.stop()
