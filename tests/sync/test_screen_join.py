"""The open screen follows what another window does to the incident: `cockpit join` in a real
second process makes it live at the next poll (a teammate's note arrives), `cockpit leave`
takes it back to local only; entries the server refused are marked on their row, and `v` says
why; a sync that cannot start says so and leaves no thread behind; after the app exits no
engine thread is left (threading.enumerate)."""

from __future__ import annotations

import asyncio
import sys
import threading

from cockpit import settings
from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.store.outbox import SyncBook
from cockpit.sync.thread import THREAD_NAME
from cockpit.tui.app import CockpitApp
from cockpit.tui.screens.history import HistoryScreen
from cockpit.tui.widgets.sync_status import SyncStatus
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.sync.helpers import Terminal, token, until
from tests.ui.helpers import loaded, wait_for


async def cockpit(*argv: str) -> tuple[int, str]:
    """`cockpit ARGV` in a process of its own (another window), with this test's config dir."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cockpit.cli.main", *argv,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


def engine_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD_NAME]


async def no_engine_thread(what: str) -> None:
    """Poll (with a deadline) until no thread runs an engine: a worker's pool thread lives on,
    idle, under its own name, once the engine it ran has stopped."""
    await until(lambda: engine_threads() == [], f"no engine thread left {what}", timeout=10)


async def test_a_join_and_a_leave_in_another_window_reach_the_open_screen(server, tmp_path):
    alice_token = token(server.storage, "alice")
    alice = Terminal(tmp_path, "alice")
    bob = Terminal(tmp_path, "bob", token(server.storage, "bob"), minutes=1)
    incident = alice.declare()
    app = CockpitApp(alice.store, alice.clock, settings.load(), author="alice", incident="INC-1")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            status = screen.query_one(SyncStatus)
            await wait_for(pilot, lambda: status.message == "local only", "local only")

            code, out = await cockpit("--db", str(alice.path), "--author", "alice", "join",
                                      server.url, "INC-1", "--token", alice_token)  # fmt: skip
            assert code == 0, out
            await wait_for(pilot, lambda: "live" in status.message, "the screen to go live")
            runner = screen.sync_link.runner
            assert runner is not None

            bob.join(incident, server.url)
            await bob.start()
            bob.note(incident, "from bob's terminal")
            texts = lambda: [r.text for r in screen.session.timeline]  # noqa: E731
            await wait_for(pilot, lambda: "from bob's terminal" in texts(), "bob's note on screen")

            code, out = await cockpit("--db", str(alice.path), "leave", "INC-1")
            assert code == 0, out
            await wait_for(pilot, lambda: status.message == "local only", "back to local only")
            await asyncio.to_thread(runner.join, 10)
            assert runner.done.is_set() and screen.sync_link.runner is None

            bob.note(incident, "after the leave")  # no longer arrives
            await wait_for(pilot, lambda: SyncBook(bob.store).pending_count(incident) == 0,
                           "bob's note pushed")  # fmt: skip
            assert "after the leave" not in texts()

            code, out = await cockpit("--db", str(alice.path), "join", server.url, "INC-1")
            assert code == 0, out  # the token was kept in the config for this server
            await wait_for(pilot, lambda: "live" in status.message, "live again")
            await wait_for(pilot, lambda: "after the leave" in texts(), "what came meanwhile")
        await no_engine_thread("after the app exited")
    finally:
        await bob.stop()
        bob.close()
        alice.close()


async def test_refused_entries_are_marked_on_screen_and_v_says_why(server, tmp_path):
    alice_token = token(server.storage, "alice")
    alice = Terminal(tmp_path, "alice", alice_token)
    incident = alice.declare()
    alice.join(incident, server.url)
    app = CockpitApp(alice.store, alice.clock, settings.load(token=alice_token), author="alice",
                     incident="INC-1")  # fmt: skip
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            status = screen.query_one(SyncStatus)
            await wait_for(pilot, lambda: "live" in status.message, "live")
            with Store.open(alice.path) as other:  # a script in another window, say
                alice.clock.advance(1)
                big = other.append(new_event(incident, "alice", {"kind": "evidence",
                                             "text": "é" * 200_000}, alice.clock))  # fmt: skip
            tl = screen.query_one(TimelineView)
            await wait_for(pilot, lambda: big.id in tl.marks, "the refused entry marked")
            await wait_for(pilot, lambda: "1 rejected — cockpit sync lists them" in status.message,
                           "the status line to say what to do")  # fmt: skip
            reason, sent_again = tl.marks[big.id]
            assert reason.startswith("too large") and not sent_again
            position = tl.view.position_of(screen.session.timeline.index_of(big.id))
            tl.select(position)
            await pilot.pause()
            assert "✗ " in tl.render_line(position - round(tl.scroll_y)).text
            await pilot.press("v")
            await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen), "the history")
            assert app.screen.refused == (reason, False)
            shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "Not shared: the server refused it: too large" in shown
            assert f"cockpit sync --resend {big.id.replace('-', '')[-8:]}" in shown
        await no_engine_thread("after the app exited")
    finally:
        alice.close()


async def test_a_sync_that_cannot_start_says_so_and_leaves_no_thread(tmp_path):
    alice = Terminal(tmp_path, "alice")
    incident = alice.declare()
    SyncBook(alice.store).join(incident, "http://a\x00b")  # a URL httpx refuses
    app = CockpitApp(alice.store, alice.clock, settings.load(token="t"), author="alice",
                     incident="INC-1")  # fmt: skip
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            status = screen.query_one(SyncStatus)
            await wait_for(pilot, lambda: "sync did not start" in status.message, "the failure")
            assert "work goes on locally" in status.message and "\x00" not in status.message
            await no_engine_thread("after a failed start")
            await pilot.press("n", *"still works", "enter")
            await wait_for(pilot, lambda: "still works" in [r.text for r in screen.session.timeline],
                           "a note saved locally")  # fmt: skip
    finally:
        alice.close()


async def test_a_new_token_kept_by_join_in_another_window_is_used_at_once(server, tmp_path):
    old = token(server.storage, "alice")
    server.storage.revoke_token(old.split("_")[1], 0)
    settings.save_token(server.url, old)
    alice = Terminal(tmp_path, "alice")
    incident = alice.declare()
    alice.join(incident, server.url)
    app = CockpitApp(alice.store, alice.clock, settings.load(), author="alice", incident="INC-1")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            status = screen.query_one(SyncStatus)
            await wait_for(pilot, lambda: "token refused" in status.message, "the refusal")
            assert "--token T` keeps a new one" in status.message
            new = token(server.storage, "alice")
            code, out = await cockpit("--db", str(alice.path), "--author", "alice", "join",
                                      server.url, "INC-1", "--token", new)  # fmt: skip
            assert code == 0, out
            await wait_for(pilot, lambda: "live" in status.message, "live with the new token")
        await no_engine_thread("after the app exited")
    finally:
        alice.close()
