"""Leaving cleanly when the terminal goes away.

Closing the terminal window or losing the SSH session sends SIGHUP, and `kill` sends SIGTERM;
by default either ends the process at once, dropping what was typed since the draft was last
kept (up to 0.4 s of it) and any entry still on its way to the file. Here both end the app as
quitting does: the draft is written and the writer drains first.

A terminal can also go away with no signal at all (the cockpit ran in a session of its own,
and the program holding the terminal's other end died). Textual's input thread then reads
end-of-file in a loop, a whole core at 100% for as long as the machine stays up. A poll of
the terminal once a second sees the hang-up and ends the app the same way.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import sys
from contextlib import suppress
from typing import Any

CHECK_SECONDS = 1.0
SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))


def hung_up(fd: int) -> bool:
    """Whether the terminal on `fd` has hung up (its other end is closed). Linux only: other
    systems answer poll() on a terminal differently (macOS with POLLNVAL, always)."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)  # a hang-up is reported whatever is asked
    return any(events & select.POLLHUP for _, events in poller.poll(0))


def _terminal_fd() -> int | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ else -1
    except (ValueError, OSError):  # stdin closed or replaced
        return None
    return fd if fd >= 0 and os.isatty(fd) else None


def watch(app: Any) -> None:
    """On SIGHUP, SIGTERM or a terminal that hung up, exit `app` with 128 + the signal number
    (as a shell reports a process the signal ended), after its normal shutdown. A signal the
    process was told to ignore (`nohup`) stays ignored; a second one while leaving ends the
    process at once, as if the cockpit had not caught the first."""
    leaving = False

    def leave(signum: int) -> None:
        nonlocal leaving
        if leaving:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        leaving = True
        app.exit(return_code=128 + signum)

    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        if signal.getsignal(sig) is signal.SIG_IGN:
            continue
        with suppress(NotImplementedError, RuntimeError):  # no such handlers on this loop
            loop.add_signal_handler(sig, leave, sig)
    fd = _terminal_fd()
    if fd is not None:

        def check() -> None:
            if hung_up(fd):
                leave(signal.SIGHUP)

        app.set_interval(CHECK_SECONDS, check, name="terminal hang-up check")
