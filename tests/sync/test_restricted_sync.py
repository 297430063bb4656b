"""Restricted incidents between terminals and the real server on 127.0.0.1: the people named
sync it, everyone else's terminal is told it is not there (and never gets a word of it), the
restriction reaches the server before anything else of the incident does, and lifting it lets
the others in."""

from __future__ import annotations

import asyncio

import pytest

from cockpit import settings
from cockpit.cli.context import Context, Failure
from cockpit.cli.watch_source import pull_first
from cockpit.server.auth import create_token
from tests.sync.helpers import Terminal, token, until


def restrict(t: Terminal, incident: str, *names: str):
    state = t.store.state(incident)
    t.clock.advance(1)
    from cockpit.core.compose import new_event

    e = new_event(incident, t.name, {"kind": "incident_restricted", "to": list(names)}, t.clock,
                  state=state, latest_hlc=t.store.latest_hlc())  # fmt: skip
    stored = t.store.append(e)
    if t.engine is not None:
        t.engine.kick()
    return stored


async def test_the_named_sync_it_and_the_others_are_told_it_is_not_there(server, tmp_path):
    created: list[tuple] = []
    put = server.storage.put_incident

    def spy(*args, **kw):  # what the PUT asked for, as the server got it
        created.append(args)
        return put(*args, **kw)

    server.storage.put_incident = spy  # type: ignore[method-assign]
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    bob = Terminal(tmp_path, "bob", token(server.storage, "bob"))
    carol = Terminal(tmp_path, "carol", token(server.storage, "carol"))
    incident = alice.declare("Leaked signing key")
    restrict(alice, incident, "alice", "bob")
    alice.note(incident, "the key was in a public gist")
    try:
        alice.join(incident, server.url)
        await alice.start()
        await until(lambda: alice.pending(incident) == 0, "alice's events on the server")
        # created restricted: no moment when the list showed it to the team
        assert created and created[0][-1] == ("alice", "bob")
        assert server.storage.incident(incident).restricted_to == ("alice", "bob")
        for t in (bob, carol):
            t.join(incident, server.url)
            await t.start()
        await until(lambda: bob.ids(incident) == alice.ids(incident), "bob has it all")
        bob.note(incident, "rotated")
        await until(lambda: any(e.text == "rotated" for e in alice.store.events(incident)),
                    "bob's note at alice's")  # fmt: skip
        await until(lambda: "may not see it" in carol.engine.status(incident).line(), "carol told")
        assert not any(e.text for e in carol.store.events(incident))  # not a word of it
        # lifted: carol's terminal, still trying, gets it all
        restrict(alice, incident)
        await until(lambda: carol.ids(incident) >= alice.ids(incident), "carol has it all")
        assert any(e.text == "rotated" for e in carol.store.events(incident))
    finally:
        for t in (alice, bob, carol):
            await t.stop()
            t.close()


async def test_cockpit_watch_of_an_incident_one_may_not_see_is_one_line(server, tmp_path):
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    incident = alice.declare("Insider access review")
    restrict(alice, incident, "alice")
    alice.join(incident, server.url)
    try:
        await alice.start()
        await until(lambda: alice.pending(incident) == 0, "on the server")
    finally:
        await alice.stop()
        alice.close()
    for permission in ("read", "ask", "write"):
        _, tok = create_token(server.storage, person="sam", team="sre", incident=None, now=0,
                              expires_at=None, permission=permission)  # fmt: skip
        ctx = Context(settings.load(token=tok), clock=alice.clock)
        with pytest.raises(Failure) as err:
            await asyncio.to_thread(pull_first, ctx, server.url, incident, 3.0)
        line = str(err.value)
        assert "\n" not in line and f"no incident {incident}" in line, line
        assert "or you may not see it" in line
        assert not any(e.text for e in _cached(ctx, server.url, incident))
    admin = create_token(server.storage, person="root", team="sre", incident=None, now=0,
                         expires_at=None, permission="admin")[1]  # fmt: skip
    ctx = Context(settings.load(token=admin), clock=alice.clock)
    path, _label = await asyncio.to_thread(pull_first, ctx, server.url, incident)
    assert path.exists()


def _cached(ctx, url: str, incident: str) -> list:
    from cockpit.store import location
    from cockpit.store.read_only import ReadOnlyStore

    path = location.watch_cache(url)
    if not path.exists():
        return []
    store = ReadOnlyStore.open(path)
    try:
        return store.events(incident) if incident in {i.id for i in store.incidents()} else []
    finally:
        store.close()
