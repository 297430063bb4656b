"""Followers and read-only links against the real server on 127.0.0.1.

- A follower's engine (`cockpit watch URL ID`, `cockpit web URL ID`) only pulls: it has no push
  loop, so even a pending local event and a token that could push stay put, and an incident the
  server lacks is waited for, never created (a PUT is a write).
- A link whose token may only read pulls only: the server's 403 on its push used to pause the
  whole incident, pulls included; now teammates' entries keep arriving, what is written here is
  kept here ("not shared"), and a new token (resume) pushes it.
- `cockpit watch URL ID` pulls into a file of its own, and the screen on it is live and
  read-only.
"""

from __future__ import annotations

import asyncio
from datetime import UTC

from cockpit import settings
from cockpit.cli.context import Context
from cockpit.cli.watch_source import pull_first
from cockpit.server.auth import create_token
from cockpit.store.outbox import SyncBook
from cockpit.store.read_only import ReadOnlyStore
from cockpit.sync.status import State
from cockpit.tui.app import CockpitApp
from cockpit.tui.watching import Watching
from tests.sync.helpers import Terminal, server_ids, token, until
from tests.ui.helpers import loaded, screen_text, wait_for


def reader_token(server, person: str = "sam") -> str:
    return create_token(server.storage, person=person, team="sre", incident=None, now=0,
                        expires_at=None, permission="read")[1]  # fmt: skip


async def test_a_followers_engine_only_pulls(server, tmp_path):
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = alice.declare()
    alice.join(incident, server.url)
    await alice.start()
    await until(lambda: alice.pending(incident) == 0, "the incident on the server")
    # a follower with a token that *could* push, and a local event that would be pushed
    follower = Terminal(tmp_path, "follower", token(server.storage, "fol"))
    follower.join(incident, server.url)
    follower.note(incident, "must never leave this file")
    try:
        await follower.start(push=False)
        alice.note(incident, "from alice")
        await until(lambda: "from alice" in [e.body.describe(tz=UTC) for e in follower.arrived],
                    "alice's note at the follower")  # fmt: skip
        w = follower.engine.syncs[incident]
        assert [t.get_name() for t in w.tasks] == [f"sync-pull-{incident}"]
        await until(lambda: follower.engine.status(incident).state is State.LIVE, "live")
        texts = [js for _, js in server_ids(server.storage, incident)]
        assert not any("must never leave" in js for js in texts)
        assert follower.pending(incident) == 1  # still here, never sent
    finally:
        await follower.stop()
        await alice.stop()
        follower.close()
        alice.close()


async def test_a_follower_never_creates_an_incident_the_server_lacks(server, tmp_path):
    follower = Terminal(tmp_path, "follower", token(server.storage, "fol"))
    missing = "0196e1a4-0000-7000-8000-0000000000aa"
    follower.join(missing, server.url)
    try:
        await follower.start(push=False)
        await until(lambda: follower.engine.status(missing).state is State.OFFLINE, "offline")
        assert "not on the server" in follower.engine.status(missing).line()
        assert server.storage.incidents("sre") == []  # no PUT
    finally:
        await follower.stop()
        follower.close()


async def test_a_read_only_link_still_pulls_and_shares_once_a_write_token_comes(server, tmp_path):
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = alice.declare()
    alice.join(incident, server.url)
    await alice.start()
    await until(lambda: alice.pending(incident) == 0, "the incident on the server")
    sam = Terminal(tmp_path, "sam", reader_token(server))
    sam.join(incident, server.url)
    sam.note(incident, "written with a read token")
    try:
        await sam.start()
        await until(lambda: sam.engine.status(incident).read_only, "the push refused")
        status = sam.engine.status(incident)
        assert status.state is not State.FORBIDDEN and "permission 'read'" in status.read_only
        assert SyncBook(sam.store).link(incident).paused == ""  # not a pause of the incident
        alice.note(incident, "after the refusal")
        await until(lambda: "after the refusal" in [e.body.describe(tz=UTC) for e in sam.arrived],
                    "alice's note still arrives")  # fmt: skip
        await until(lambda: "live, read only · 1 not shared" in sam.engine.status(incident).line(),
                    "the status line")  # fmt: skip

        sam.engine.resume(token(server.storage, "sam"))  # a write token: shared at last
        await until(lambda: sam.pending(incident) == 0, "pushed with the new token")
        await until(lambda: len(alice.ids(incident)) == len(sam.ids(incident)), "at alice's")
        assert not sam.engine.status(incident).read_only
    finally:
        await sam.stop()
        await alice.stop()
        sam.close()
        alice.close()


async def test_cockpit_watch_url_follows_a_servers_incident_read_only(server, tmp_path):
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = alice.declare("Payments down in EU")
    alice.join(incident, server.url)
    await alice.start()
    alice.note(incident, "before the follower came")
    await until(lambda: alice.pending(incident) == 0, "alice's entries on the server")
    reader = reader_token(server)
    cfg = settings.load(token=reader)
    ctx = Context(cfg, clock=alice.clock)
    path, label = await asyncio.to_thread(pull_first, ctx, server.url, incident)
    assert "watch" in str(path.parent) and path != alice.path
    store = ReadOnlyStore.open(path)
    app = CockpitApp(store, alice.clock, cfg, author="sam", incident=label,
                     watching=Watching(server.url))  # fmt: skip
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            text = screen_text(app)
            assert "Payments down in EU" in text and "before the follower came" in text
            assert "WATCHING" in text
            await wait_for(pilot, lambda: "sync: live" in screen.sync_status.message, "live")
            alice.note(incident, "rolled back")
            await wait_for(pilot, lambda: "rolled back" in screen_text(app), "the new note")
            assert screen.sync_link.runner.engine.push is False
        pushed_by = {by for _, _, by in server.storage.pull(incident, 0, 1000).rows}
        assert pushed_by == {"alice"}
    finally:
        store.close()
        await alice.stop()
        alice.close()
