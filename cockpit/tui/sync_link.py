"""The screen's side of sync: when the open incident is joined to a server (`cockpit join`),
a sync engine runs in its own thread and event loop (SQLite and HTTP never on the screen's
loop). Its status goes to the status line, and events it pulls into the file are read at
once rather than at the next poll. A local save kicks it to push now.

The engine's callbacks only post messages (never wait on the screen), so stopping the engine
from the screen cannot deadlock with a callback in flight.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from cockpit.tui.screens.main import MainScreen


class SyncPulled(Message, bubble=False):
    """The engine wrote events from the server into the file: read them now."""


class SyncSaid(Message, bubble=False):
    """A new line for the status bar."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


class SyncLink:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.thread: Any = None
        self.engine: Any = None
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> None:
        """Look for a link and start syncing; call from a thread worker (it opens the file)."""
        from cockpit.store.outbox import SyncBook

        s = self.screen.session
        if SyncBook(s.store, s.clock).link(s.incident_id) is None:
            return  # local only
        from cockpit.sync.engine import SyncEngine
        from cockpit.sync.once import token_from
        from cockpit.sync.thread import SyncThread

        screen, tz = self.screen, s.tz
        screen.post_message(SyncSaid("sync: connecting…"))  # not "local only" meanwhile
        token = token_from(screen.app.settings)

        def make() -> SyncEngine:
            return SyncEngine(
                s.store.path,
                token=token,
                clock=s.clock,
                incidents=[s.incident_id],
                on_events=lambda _incident, _events: screen.post_message(SyncPulled()),
                on_status=lambda _incident, st: screen.post_message(SyncSaid(st.line(tz))),
            )

        thread = SyncThread(make)
        with self._lock:
            if self._stopped:
                return  # the screen went away while we looked
            self.thread = thread
            try:
                self.engine = thread.start()
            except Exception as exc:  # a bad URL in the file, say: tell, keep working locally
                self.thread = None
                screen.post_message(SyncSaid(f"sync did not start: {exc}"))

    def kick(self) -> None:
        if self.engine is not None:
            self.engine.kick(self.screen.session.incident_id)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            thread, self.thread, self.engine = self.thread, None, None
        if thread is not None:
            thread.stop(timeout=3)
