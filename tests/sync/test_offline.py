"""Working with the server gone, and tokens it refuses: the file keeps everything."""

from __future__ import annotations

from cockpit.server.run import ServerThread
from cockpit.server.storage.sqlite import SQLiteStorage
from cockpit.sync.status import State
from tests.sync.helpers import Terminal, joined_pair, server_ids, token, until


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
    return server.storage.pull(incident, 0, 1000).rows


async def test_an_entry_recorded_for_someone_else_syncs_with_who_recorded_it(server, tmp_path):
    """SYNC.md, "Who wrote it, who pushed it": a bot's entry pushed with alice's token is kept,
    marked as recorded by alice, here and on bob's terminal; a state change recorded on the
    bot's behalf takes effect like any other."""
    a = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    b = Terminal(tmp_path, "bob", token(server.storage, "bob"))
    incident = a.declare()
    for t in (a, b):
        t.join(incident, server.url)
        await t.start()
    try:
        note = a.write(incident, {"kind": "note", "text": "deploy 42 done"}, author="deploy-bot")
        sev = a.write(incident, {"kind": "severity_set", "severity": "SEV1"}, author="deploy-bot")
        assert note.recorded_by == "alice" and a.store.event(note.id).recorded_by == "alice"
        await until(lambda: {note.id, sev.id} <= b.ids(incident), "bob to get both")
        assert a.engine.status(incident).rejected == 0 and a.pending(incident) == 0
        got = b.store.event(note.id)
        assert (got.author, got.recorded_by) == ("deploy-bot", "alice")
        assert got.model_dump_json() == note.model_dump_json()  # the content is untouched
        assert b.store.state(incident).severity.value == "SEV1"
        assert b.store.state(incident).register("severity").winner.author == "deploy-bot"
        mine = a.write(incident, {"kind": "note", "text": "by alice herself"})
        await until(lambda: mine.id in b.ids(incident), "bob to get alice's own note")
        assert mine.recorded_by == "" and b.store.event(mine.id).recorded_by == ""
    finally:
        await a.stop()
        await b.stop()


def test_a_local_file_failure_during_a_sync_round_is_said_not_swallowed(server, tmp_path,
                                                                        monkeypatch):  # fmt: skip
    """`cockpit sync --once` and the flush after a command: the file locked past its timeout
    while counting what is pending is a line that says so, never an exception or silence."""
    from cockpit.store.errors import DatabaseLocked
    from cockpit.store.outbox import SyncBook
    from cockpit.sync.once import run_once

    t = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = t.declare()
    t.join(incident, server.url)

    def locked(self, incident):
        raise DatabaseLocked("alice.sqlite3 is locked by another program for more than 5 s")

    monkeypatch.setattr(SyncBook, "lost_count", locked)
    statuses = run_once(t.store, t.token, [incident], timeout=5)
    status = statuses[incident]
    assert status.state is State.OFFLINE and "local file: alice.sqlite3 is locked" in status.detail
    assert "counts not read" in status.detail
    assert [i for _, i in server_ids(server.storage, incident)] != []  # the push itself went
