"""The sender on a thread of its own (what the screen runs): it sends what is posted while it
runs, waits while another process holds the file's send lock, and stops when asked."""

from __future__ import annotations

import threading
import time

from cockpit.comms.lock import SendLock
from cockpit.comms.runner import SenderRunner
from cockpit.comms.sender import Sender
from cockpit.store import Store
from tests.comms.conftest import deliveries, post, settings


def until(condition, what: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        threading.Event().wait(0.01)


def test_it_sends_what_is_posted_meanwhile_and_waits_for_the_lock(db_path, store, incident,
                                                                  clock, receiver):  # fmt: skip
    s = settings(hook={"type": "webhook", "url": receiver.url(), "secret": "k"})
    other = SendLock(db_path)
    assert other.acquire()  # `cockpit deliver` in another window
    said: list[str] = []
    runner = SenderRunner(lambda: Sender(Store.open(db_path), s, clock, "alice"),
                          SendLock(db_path), poll=0.05, on_state=said.append)  # fmt: skip
    thread = threading.Thread(target=runner.run)
    thread.start()
    try:
        post(store, incident, clock, "posted while another process sends", "hook")
        until(lambda: any("another cockpit" in line for line in said), "it to say who sends")
        assert receiver.requests == []  # the holder sends, not this one
        other.release()
        until(lambda: len(receiver.requests) == 1, "it to take over")
        post(store, incident, clock, "and one more", "hook")
        until(lambda: len(receiver.requests) == 2, "the second update")
        until(lambda: len(deliveries(store, incident)) == 2, "both recorded")
    finally:
        runner.stop()
        thread.join(15)
    assert runner.done.is_set() and not thread.is_alive()
    assert SendLock(db_path).acquire()  # let go of on the way out
    assert [d.status for d in deliveries(store, incident)] == ["sent", "sent"]


def test_stop_before_it_began_runs_nothing(db_path, clock):
    made = []
    runner = SenderRunner(lambda: made.append(1), SendLock(db_path))  # type: ignore[arg-type,return-value]
    runner.stop()
    runner.run()
    assert made == [] and runner.done.is_set()
