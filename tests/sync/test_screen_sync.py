"""The cockpit screen on a joined incident: the status line says live, entries from another
terminal appear, a local entry reaches the other terminal, and a conflict shows on screen
and is settled with one key."""

from __future__ import annotations

from cockpit import settings
from cockpit.tui.app import CockpitApp
from cockpit.tui.widgets.attention_banner import AttentionBanner
from cockpit.tui.widgets.sync_status import SyncStatus
from tests.sync.helpers import Terminal, token
from tests.ui.helpers import loaded, wait_for


def app_for(term: Terminal, tok: str) -> CockpitApp:
    return CockpitApp(term.store, term.clock, settings.load(token=tok), author=term.name,
                      incident="INC-1")  # fmt: skip


async def test_a_joined_screen_syncs_both_ways_and_settles_a_conflict(server, tmp_path):
    alice_token = token(server.storage, "alice")
    alice = Terminal(tmp_path, "alice", alice_token)
    bob = Terminal(tmp_path, "bob", token(server.storage, "bob"), minutes=1)
    incident = alice.declare()
    alice.join(incident, server.url)
    bob.join(incident, server.url)
    await bob.start()
    app = app_for(alice, alice_token)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            status = screen.query_one(SyncStatus)
            await wait_for(pilot, lambda: "live" in status.message, "the status line to say live")

            bob.note(incident, "from bob's terminal")
            texts = lambda: [r.text for r in screen.session.timeline]  # noqa: E731
            await wait_for(pilot, lambda: "from bob's terminal" in texts(), "bob's note on screen")

            await pilot.press("n", *"from alice", "enter")
            await wait_for(pilot, lambda: len(bob.ids(incident)) == 3, "alice's note at bob's")

            # both set the severity without seeing each other
            bob.write(incident, {"kind": "severity_set", "severity": "SEV1"})
            screen.save({"kind": "severity_set", "severity": "SEV3"})
            banner = screen.query_one(AttentionBanner)
            await wait_for(pilot, lambda: any("Conflict" in x for x in banner.lines), "the banner")
            assert "SEV1 (bob)" in banner.lines[0] and "SEV3 (alice)" in banner.lines[0]

            await pilot.press("escape", "X")  # leave the entry bar, then settle
            await pilot.pause()
            await pilot.press("enter")  # keep the value in force
            await wait_for(pilot, lambda: not screen.session.state.conflicts(), "settled here")
            await wait_for(pilot, lambda: not bob.store.state(incident).conflicts(), "and at bob's")
            assert bob.store.state(incident).severity == screen.session.state.severity
    finally:
        await bob.stop()
        bob.close()
        alice.close()
