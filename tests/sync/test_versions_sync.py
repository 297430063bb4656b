"""A newer cockpit beside this one, through the real server: its events of a kind this version
does not know, or with a field it does not know, are accepted by the server, pulled, stored,
shown as unknown entries and never folded; one event of a page that is not valid is set aside
and the rest of that page is applied."""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import redirect_stdout

import httpx

from cockpit.cli.main import main
from cockpit.server.storage.base import Prepared
from cockpit.store.outbox import SyncBook
from tests.sync.helpers import Terminal, token, until

_MADE: list[str] = []


def _future(template, body: dict, **envelope) -> dict:
    """An event as a newer cockpit writes it (made from a valid one of ours, a new id)."""
    data = json.loads(template.model_dump_json())
    _MADE.append(data["id"])
    data["id"] = data["id"][:-6] + f"{len(_MADE):06x}"
    data["body"] = body
    return data | envelope


async def test_a_newer_cockpits_events_travel_and_show_without_stalling_a_page(server, tmp_path):
    alice = Terminal(tmp_path, "alice", token(server.storage, "alice"))
    bob = Terminal(tmp_path, "bob", token(server.storage, "bob"))
    incident = alice.declare()
    for t in (alice, bob):
        t.join(incident, server.url)
    await alice.start()
    await until(lambda: alice.pending(incident) == 0, "the declaration pushed")
    await alice.stop()
    template = alice.note(incident, "a template, not pushed")
    before = alice.write(incident, {"kind": "severity_set", "severity": "SEV2"})
    milestone = _future(template, {"kind": "forecast", "what": "impact started",
                                   "scope": "eu-west"})  # fmt: skip
    extra = _future(template, {"kind": "severity_set", "severity": "SEV1", "scope": "eu"})
    newer = _future(template, {"kind": "note", "text": "signed"}, sig="ed25519:abc", v=2)
    async with httpx.AsyncClient(base_url=server.url) as client:
        r = await client.post(
            f"/v1/incidents/{incident}/events",
            json={"events": [json.loads(before.model_dump_json()), milestone, extra, newer]},
            headers={"Authorization": f"Bearer {alice.token}"},
        )
    assert [x["status"] for x in r.json()["results"]] == ["created"] * 4  # never refused
    # An event that is not valid, in the middle of a page (stored by a broken server, say).
    bad = json.dumps({"id": "not-valid-1", "incident": incident, "body": {"kind": "note"}})
    server.storage.push(incident, [Prepared("not-valid-1", bad, "-", "0", "note", "mallory")])
    after = alice.note(incident, "after the invalid one")
    async with httpx.AsyncClient(base_url=server.url) as client:
        await client.post(f"/v1/incidents/{incident}/events",
                          json={"events": [json.loads(after.model_dump_json())]},
                          headers={"Authorization": f"Bearer {alice.token}"})  # fmt: skip

    await bob.start()
    try:
        ids = {milestone["id"], extra["id"], newer["id"], after.id, before.id}
        await until(lambda: ids <= bob.ids(incident), "bob stores every valid one")
        await until(lambda: bob.engine.status(incident).set_aside == 1, "the invalid set aside")
        for data in (milestone, extra, newer):
            stored = bob.store.event(data["id"])
            assert stored.unknown and stored.author == "alice"
            kept = json.loads(stored.model_dump_json())
            assert kept["body"] == data["body"] and kept.get("sig") == data.get("sig")
        state = bob.store.state(incident)
        assert state.severity.value == "SEV2"  # the newer severity_set is not folded
        (aside,) = SyncBook(bob.store).set_aside(incident)
        assert aside.event_id == "not-valid-1" and aside.reason.startswith("not valid: ")
        assert aside.pushed_by == "mallory"
        assert bob.engine.status(incident).state.value == "live"
    finally:
        await bob.stop()

    out = io.StringIO()
    with redirect_stdout(out):
        code = await asyncio.to_thread(main, ["--db", str(bob.path), "timeline", "INC-1"])
    assert code == 0
    shown = out.getvalue()
    (line,) = [ln for ln in shown.splitlines() if "scope=eu-west" in ln]
    assert "  alice  " in line and "  forecast  " in line  # its author, kind and time
    assert line.endswith("(unknown entry) what=impact started, scope=eu-west")
    assert "after the invalid one" in shown
    out = io.StringIO()
    with redirect_stdout(out):
        await asyncio.to_thread(main, ["--db", str(bob.path), "timeline", "INC-1", "--json"])
    rows = {r["id"]: r for r in json.loads(out.getvalue())}
    assert rows[milestone["id"]]["unknown"] is True
    assert rows[milestone["id"]]["body"]["scope"] == "eu-west"
    assert (
        rows[milestone["id"]]["kind"] == "forecast" and rows[milestone["id"]]["author"] == "alice"
    )
    assert "unknown" not in rows[after.id]
