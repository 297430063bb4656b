"""Working with the server gone, and tokens it refuses: the file keeps everything."""

from __future__ import annotations

from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.sync.status import State
from tests.sync.helpers import Terminal, joined_pair, token, until


async def test_a_client_offline_for_a_while_keeps_working_and_catches_up(tmp_path):
    db = tmp_path / "server.sqlite3"
    server = ServerThread(SQLiteStorage(db)).start()
    port = server.port
    a, b, incident = await joined_pair(tmp_path, server)
    try:
        await until(lambda: len(b.ids(incident)) == 1, "bob to get the declaration")
        server.stop()
        for k in range(30):
            a.note(incident, f"alice offline {k}")
            b.note(incident, f"bob offline {k}")
        await until(lambda: a.engine.status(incident).state is State.OFFLINE, "alice offline")
        await until(lambda: b.engine.status(incident).pending == 30, "bob's 30 pending")
        line = a.engine.status(incident).line()
        assert line.startswith("sync: offline since") and "pending" in line
        assert len(a.ids(incident)) == 31  # nothing typed is lost
        server = ServerThread(SQLiteStorage(db), port=port).start()
        a.engine.kick()
        b.engine.kick()
        await until(lambda: len(a.ids(incident)) == len(b.ids(incident)) == 61, "catching up")
        await until(lambda: a.pending(incident) == b.pending(incident) == 0, "empty outboxes")
        assert a.snapshot(incident) == b.snapshot(incident)
        await until(lambda: a.engine.status(incident).state is State.LIVE, "alice live again")
    finally:
        await a.stop()
        await b.stop()
        server.stop()


async def test_refused_tokens_pause_sync_and_say_why(server, tmp_path):
    now = int(a_clock_now())
    good = token(server.storage, "alice")
    cases = {
        "wrong": "cpt_nope_nope",
        "expired": token(server.storage, "alice", expires_at=now - 10),
        "revoked": token(server.storage, "alice"),
    }
    server.storage.revoke_token(cases["revoked"].split("_")[1], now)
    for why, bad in cases.items():
        t = Terminal(tmp_path / why, "alice", bad)
        incident = t.declare()
        t.join(incident, server.url)
        await t.start()
        try:
            await until(lambda t=t, i=incident: t.engine.status(i).state is State.TOKEN_REFUSED,
                        f"the {why} token refused")  # fmt: skip
            line = t.engine.status(incident).line()
            assert "token refused" in line and ("revoked" in line if why == "revoked" else True)
            assert ("expired" in line) == (why == "expired")
            t.note(incident, "still typing")  # keeps working offline
            await until(lambda t=t, i=incident: t.engine.status(i).pending == 2, "2 pending")
            assert len(t.ids(incident)) == 2
            t.engine.resume(good)
            await until(lambda t=t, i=incident: t.engine.status(i).state is State.LIVE, "live")
            await until(lambda t=t, i=incident: len(server_events(server, i)) == 2, "pushed")
        finally:
            await t.stop()
            t.close()


def a_clock_now() -> float:
    from cockpit.core.clock import SystemClock

    return SystemClock().now().timestamp()


def server_events(server, incident):
    return server.storage.pull(incident, 0, 1000)[2]


async def test_events_by_someone_else_are_rejected_and_stay_marked(server, tmp_path):
    t = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = t.declare()
    t.join(incident, server.url)
    await t.start()
    try:
        forged = t.write(incident, {"kind": "note", "text": "as bob"}, author="bob")
        await until(lambda: t.engine.status(incident).rejected == 1, "the rejection")
        assert "author mismatch" in t.engine.rejected(incident)[forged.id]
        assert t.store.event(forged.id) == forged  # still in the local timeline
        assert t.pending(incident) == 0
        assert "1 rejected" in t.engine.status(incident).line()
    finally:
        await t.stop()
