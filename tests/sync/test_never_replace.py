"""A stored event is never replaced (SYNC.md), replayed as an attack with the real server and
three terminals: a teammate who knows an event id pushes a different event under it, into a
shared incident, aiming at another person's private incident or at an entry not yet pushed.
The server and the third terminal take the teammate's copy (for them it is new); the victim's
file keeps its own, sets the copy aside, says so on the status line and in `cockpit sync`."""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import redirect_stdout
from datetime import UTC

import httpx

from cockpit.cli.main import main
from cockpit.store.outbox import SyncBook
from tests.sync.helpers import Terminal, token, until


async def _push_raw(url: str, tok: str, incident: str, events: list[dict]) -> list[dict]:
    """What a teammate with a modified client can send: any JSON, with their own token."""
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.post(f"/v1/incidents/{incident}/events", json={"events": events},
                              headers={"Authorization": f"Bearer {tok}"})  # fmt: skip
        return r.json()["results"]


def _forged(e, incident: str, text: str) -> dict:
    data = json.loads(e.model_dump_json())
    data.update(incident=incident, author="mallory", hlc="000000000000002.000000")
    data["body"] = {"kind": "note", "text": text}
    return data


async def test_a_teammate_who_knows_an_id_cannot_replace_what_is_stored(server, tmp_path,
                                                                        monkeypatch):  # fmt: skip
    tokens = {p: token(server.storage, p) for p in ("alice", "bob", "mallory")}
    alice = Terminal(tmp_path, "alice", tokens["alice"])
    bob = Terminal(tmp_path, "bob", tokens["bob"])
    shared = alice.declare("Checkout API errors")
    private = alice.declare("A private matter")  # never joined to any server
    secret = alice.note(private, "only in alice's file")
    unsent = alice.note(shared, "written before the push")  # pending: alice is not syncing yet
    for t in (alice, bob):
        t.join(shared, server.url)
    await bob.start()
    try:
        await until(lambda: server.storage.incident(shared) is not None, "the shared incident")
        # Mallory sends, under those two ids, events of her own into the shared incident.
        results = await _push_raw(server.url, tokens["mallory"], shared, [
            _forged(secret, shared, "replaced \x1b]0;pwned\x07 your private note"),
            _forged(unsent, shared, "replaced your entry"),
        ])  # fmt: skip
        assert [r["status"] for r in results] == ["created", "created"]  # new to the server
        await until(lambda: {secret.id, unsent.id} <= bob.ids(shared), "bob gets mallory's")
        assert bob.store.event(unsent.id).body.text == "replaced your entry"

        await alice.start()
        await until(lambda: alice.engine.status(shared).set_aside == 2, "alice sets both aside")
        await until(lambda: alice.engine.status(shared).rejected == 1, "her push refused")
        # Nothing stored was replaced: the private note is where it was, as it was, and not
        # in the shared incident; the unsent entry is alice's own still.
        assert alice.store.event(secret.id) == secret
        assert secret.id in alice.ids(private) and secret.id not in alice.ids(shared)
        assert alice.store.event(unsent.id) == unsent
        assert "only in alice's file" in [
            e.body.describe(tz=UTC) for e in alice.store.events(private)
        ]
        assert alice.engine.rejected(shared)[unsent.id] == "same id with different content"
        line = alice.engine.status(shared).line()
        assert "2 set aside" in line
        state = alice.store.state(shared)
        assert secret.id not in state.ids  # the fold never saw mallory's copy either
    finally:
        await alice.stop()
        await bob.stop()

    kept = SyncBook(alice.store).set_aside(shared)
    assert {k.event_id for k in kept} == {secret.id, unsent.id}
    assert {k.pushed_by for k in kept} == {"mallory"}
    # `cockpit sync` lists them, one line each, with controls shown inert
    monkeypatch.setenv("COCKPIT_TOKEN", tokens["alice"])
    out = io.StringIO()
    with redirect_stdout(out):  # the CLI runs its own event loop: in a thread of its own
        await asyncio.to_thread(main, ["--db", str(alice.path), "--author", "alice", "sync",
                                       "--once"])  # fmt: skip
    text = out.getvalue()
    listed = [ln for ln in text.splitlines() if "pushed by mallory" in ln]
    assert len(listed) == 2, text
    assert any("id already used here by incident" in ln for ln in listed)
    assert any("a different event under an id" in ln for ln in listed)
    assert "\x1b" not in text and "\x07" not in text and "␛]0;pwned␇" in text
