"""The screen's side of sync: when the open incident is joined to a server (`cockpit join`),
a sync engine runs in its own thread and event loop (SQLite and HTTP never on the screen's
loop). Its status goes to the status line, and events it pulls into the file are read at
once rather than at the next poll. A local save kicks it to push now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cockpit.tui.screens.main import MainScreen


class SyncLink:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.thread: Any = None
        self.engine: Any = None

    def start(self) -> None:
        """Look for a link and start syncing; call from a thread worker (it opens the file)."""
        from cockpit.store.outbox import SyncBook

        s = self.screen.session
        if SyncBook(s.store, s.clock).link(s.incident_id) is None:
            return  # local only
        from cockpit.sync.engine import SyncEngine
        from cockpit.sync.thread import SyncThread

        app = self.screen.app
        settings = app.settings
        token = settings.token or settings.sync.token

        def make() -> SyncEngine:
            return SyncEngine(
                s.store.path,
                token=token,
                clock=s.clock,
                incidents=[s.incident_id],
                on_events=lambda _incident, events: app.call_from_thread(self._arrived),
                on_status=lambda _incident, status: app.call_from_thread(self._status, status),
            )

        self.thread = SyncThread(make)
        try:
            self.engine = self.thread.start()
        except Exception as exc:  # a bad URL in the file, say: tell, keep working locally
            app.call_from_thread(self._say, f"sync did not start: {exc}")

    def _arrived(self) -> None:
        self.screen.poll()

    def _status(self, status: Any) -> None:
        self.screen.sync_status.set_message(status.line(self.screen.session.tz))

    def _say(self, message: str) -> None:
        self.screen.sync_status.set_message(message)

    def kick(self) -> None:
        if self.engine is not None:
            self.engine.kick(self.screen.session.incident_id)

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.stop(timeout=5)
            self.thread = None
