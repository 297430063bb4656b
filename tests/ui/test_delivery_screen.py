"""Issue 14 on the screen: while the cockpit runs, an update posted from its file is sent by
the app's sender (a thread worker), its delivery shows in the timeline, and a slow receiver
never holds the screen up."""

from __future__ import annotations

import os
import threading

from cockpit import settings
from cockpit.comms.runner import THREAD_NAME
from cockpit.core.compose import new_event
from cockpit.store import Store
from tests.comms.receivers import Answer, Receiver
from tests.ui.helpers import loaded, make_app, saved, screen_text, send_keys, wait_for


def configure(url: str) -> None:
    path = settings.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[destinations.hook]\ntype = "webhook"\nurl = "{url}"\nsecret = "k"\n')
    os.chmod(path, 0o600)


def post_elsewhere(db_path, incident, clock, text: str):
    """`cockpit update INC-1 TEXT --to hook` from another window, sending nothing itself."""
    body = {"kind": "status_update", "text": text, "audience": "exec", "destinations": ["hook"]}
    with Store.open(db_path) as other:
        return other.append(new_event(incident, "bob", body, clock))


def rows(screen) -> list[str]:
    return [r.text for r in screen.session.timeline]


async def test_an_update_posted_while_the_screen_runs_is_sent_and_shown(db_path, store, clock,
                                                                      incident):  # fmt: skip
    receiver = Receiver().start()
    try:
        configure(receiver.url())
        app = make_app(store, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            assert any(t.name == THREAD_NAME for t in threading.enumerate())
            update = post_elsewhere(db_path, incident, clock, "Rollback done")
            await wait_for(pilot, lambda: receiver.requests, "the receiver to get it")
            assert receiver.requests[0].headers["Idempotency-Key"] == f"{update.id}/hook"

            def shown() -> bool:
                screen.poll()
                return any(t.startswith("sent to hook") for t in rows(screen))

            await wait_for(pilot, shown, "the delivery in the timeline")
            await pilot.pause()
            assert "sent to hook" in screen_text(app)  # its row, labelled `sent`
            runner = app.delivery.runner
        assert runner is not None and runner.join(10)  # quitting ends the sender
    finally:
        receiver.stop()


async def test_a_slow_receiver_never_holds_the_screen(db_path, store, clock, incident):
    receiver = Receiver().start()
    hold = threading.Event()
    receiver.answer(Answer(hold=hold))
    try:
        configure(receiver.url())
        app = make_app(store, clock)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot)
            post_elsewhere(db_path, incident, clock, "Rollback done")
            await wait_for(pilot, lambda: receiver.requests, "the receiver to hold the request")
            count = len(screen.session.state.ids)
            await pilot.press("n")
            send_keys(app, "typed while the webhook hangs\n")
            await saved(pilot, screen, count + 1)  # written and shown, the send still hanging
            assert not hold.is_set()
            hold.set()

            def sent() -> bool:
                screen.poll()
                return any(t.startswith("sent to hook") for t in rows(screen))

            await wait_for(pilot, sent, "the delivery once the receiver answers")
    finally:
        hold.set()
        receiver.stop()


async def test_a_follower_sends_nothing(db_path, store, clock, incident):
    """`cockpit watch` writes nothing, so it records no delivery and sends no update: the
    terminal that posted an update sends it."""
    from cockpit.store.read_only import ReadOnlyStore
    from cockpit.tui.watching import Watching

    receiver = Receiver().start()
    try:
        configure(receiver.url())
        post_elsewhere(db_path, incident, clock, "posted, never sent by a follower")
        watched = ReadOnlyStore.open(db_path)
        app = make_app(watched, clock, incident, watching=Watching())
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            assert app.delivery.runner is None
            assert not any(t.name == THREAD_NAME for t in threading.enumerate())
        watched.close()
        assert receiver.requests == []
    finally:
        receiver.stop()
