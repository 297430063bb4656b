"""Sending from a command that exits: `cockpit update` sends what it posted before it ends.

`deliver_after_command(store, settings, clock, author)` tries every (update, destination) of
the outbox that was never tried (the update just posted, or one asked again), a few seconds
at most (each attempt is cut to `ATTEMPT_CAP`), and leaves everything else, and whatever fails
now, to whoever sends next: the screen, `cockpit deliver`, or the next command. When another
cockpit holds the file's send lock (a screen is open on it), that one sends and this does
nothing. It never raises: it returns a line for standard error ('' for nothing to say).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from cockpit.comms.lock import SendLock
from cockpit.core.clock import Clock
from cockpit.settings import Settings
from cockpit.store.store import Store

if TYPE_CHECKING:
    from cockpit.comms.sender import Result

DEADLINE = 5.0  # seconds a command may spend sending before it exits
ATTEMPT_CAP = 4.0  # seconds one attempt may take from a command


def deliver_after_command(store: Store, settings: Settings, clock: Clock, author: str) -> str:
    if not settings.destinations or not fresh(store):
        return ""  # nothing new to send: no sender built, no HTTP client imported
    lock = SendLock(store.path)
    try:
        if not lock.acquire():
            return ""
        from cockpit.comms.sender import Sender

        sender = Sender(store, settings, clock, author, timeout_cap=ATTEMPT_CAP)
        try:
            sender.step(fresh_only=True, deadline=time.monotonic() + DEADLINE)
            return summary(sender.last)
        finally:
            sender.close()
    except Exception as exc:  # never fail the command that already did its job
        first = str(exc).splitlines()[0][:160] if str(exc) else repr(exc)
        return f"updates not sent ({first}); `cockpit deliver` sends them"
    finally:
        lock.release()


def fresh(store: Store) -> bool:
    """Whether anything in the outbox was never tried (posted just now, or asked again)."""
    from cockpit.store.update_outbox import UpdateOutbox

    try:
        jobs = UpdateOutbox(store).jobs()
    except Exception:  # the sender says what is wrong, if it gets to run
        return True
    return any(j.last is None or j.last.attempt == 0 for j in jobs)


def summary(result: Result) -> str:
    """One line: where it went, and what is left (for `cockpit update` and `deliver --once`)."""
    parts = []
    if result.sent:
        parts.append("sent to " + ", ".join(dict.fromkeys(j.destination for j in result.sent)))
    for job, why in result.failed:
        parts.append(f"NOT sent to {job.destination} ({why})")
    tried = result.retrying
    for job, why in tried[:3]:
        parts.append(f"{job.destination} failed ({why}), retrying")
    if len(tried) > 3:
        parts.append(f"{len(tried) - 3} more retrying")
    if tried:
        parts.append("the cockpit screen or `cockpit deliver` retries")
    return "; ".join(parts)
