"""Run a Sender on the thread that calls `run()` until `stop()`: the screen runs it as a
Textual thread worker (never on the screen's loop: SMTP and webhooks may take seconds), and
`cockpit deliver` runs it in the foreground.

- It sends only while it holds the file's send lock (cockpit/comms/lock.py): another cockpit
  sending from the same file (a second window, `cockpit deliver`) keeps it waiting, and it
  takes over within a few polls when that one ends.
- It looks at the outbox when the file changed (PRAGMA data_version: another connection
  committed, such as the screen posting an update), when a retry comes due, or when kicked.
- `stop()` and `kick()` may be called from any thread at any moment and never wait.
- The local file busy or damaged is said through `on_state` and tried again later; the
  sender's own store and client are closed before `run()` returns, whatever happened.

While it runs, the thread is named `cockpit-send`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from cockpit.comms.lock import SendLock
from cockpit.comms.sender import Sender
from cockpit.store.errors import StoreError

THREAD_NAME = "cockpit-send"
POLL = 0.5
HELD_SAY = 5  # looks at the lock (2 s apart) before saying that another cockpit sends


class SenderRunner:
    def __init__(
        self,
        make_sender: Callable[[], Sender],
        lock: SendLock,
        *,
        poll: float = POLL,
        on_state: Callable[[str], object] | None = None,
        close_store: bool = True,
    ) -> None:
        self._make = make_sender
        self.lock = lock
        self.poll = poll
        self.on_state = on_state
        self.close_store = close_store
        self.sender: Sender | None = None
        self.steps = 0  # outbox looks so far (tests wait on it)
        self.started = threading.Event()
        self.done = threading.Event()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._kicked = threading.Event()
        self._said = ""

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def kick(self) -> None:
        """Look at the outbox now, and try what waits (a retry's wait cut short)."""
        self._kicked.set()
        self._wake.set()

    def join(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)

    def run(self) -> None:
        thread = threading.current_thread()
        name, thread.name = thread.name, THREAD_NAME
        try:
            if not self._stop.is_set():
                self._run()
        finally:
            thread.name = name
            self.done.set()

    def _run(self) -> None:
        sender = self.sender = self._make()
        self.started.set()
        try:
            self._loop(sender)
        finally:
            sender.close()
            self.lock.release()
            if self.close_store:
                sender.store.close()

    def _loop(self, sender: Sender) -> None:
        version: int | None = None
        held = 0  # looks in a row that found the lock held by another process
        due: float | None = None  # time.monotonic() when the next retry is due
        while not self._stop.is_set():
            if not self.lock.acquire():
                held += 1  # a command holds it a few seconds; another screen, for long
                if held == HELD_SAY:
                    holder = self.lock.holder()
                    who = f" (pid {holder})" if holder else ""
                    self._say(f"updates from this file are sent by another cockpit{who}")
                self._nap(self.poll * 4)
                version = None  # look again once it is ours
                continue
            held = 0
            try:
                now_version = sender.store.data_version()
                kicked = self._kicked.is_set()
                if (
                    now_version != version
                    or kicked
                    or (due is not None and time.monotonic() >= due)
                ):
                    self._kicked.clear()
                    version = now_version
                    wait = sender.step(force=kicked)
                    self.steps += 1
                    due = None if wait is None else time.monotonic() + wait
                self._say("")
            except StoreError as exc:  # the file busy or damaged: said, tried again
                self._say(f"updates not sent: {exc}")
                self._nap(self.poll * 4)
                continue
            nap = self.poll if due is None else min(self.poll, max(due - time.monotonic(), 0.01))
            self._nap(nap)

    def _nap(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _say(self, line: str) -> None:
        if line != self._said:
            self._said = line
            if self.on_state is not None:
                self.on_state(line)
