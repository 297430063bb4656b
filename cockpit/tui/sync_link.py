"""The screen's side of sync: it follows what the file says about the open incident.

When the incident is joined to a server (here, or by `cockpit join` in another window), a sync
engine runs in a Textual thread worker with an event loop of its own (cockpit/sync/thread.py:
SQLite and HTTP never on the screen's loop); when it is left, the engine stops and the status
line goes back to `local only`. The screen already looks at the file's `data_version` twice a
second; whenever it changed, `look()` (on that read thread) reads the link, the token for its
server and the entries the server refused, and the screen gets one `SyncSeen` message when any
of it changed. So a join or a leave made by another process shows at the next poll.

One worker at a time, named and exclusive; its failures come back through the screen's one
`Worker.StateChanged` handler (`worker_changed`). Starting and stopping never wait: `stop()`
only asks the engine to stop (cockpit/sync/thread.py says why that cannot deadlock or orphan
it). The engine's callbacks only post messages, tagged with the runner that sent them, so a
late line from an engine that was replaced is dropped.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker, WorkerState

from cockpit.core.display import safe

if TYPE_CHECKING:
    from cockpit.sync.thread import EngineRunner
    from cockpit.tui.screens.main import MainScreen

WORKER = "sync-engine"
LOCAL_ONLY = "local only"
# A follower of a file (`cockpit watch INC-n`, a browser of `cockpit web`): whoever writes the
# file (the IC's terminal, `cockpit web`'s own pull) syncs it; this screen never does.
FOLLOWS_FILE = "follows the file, read-only"


class SyncPulled(Message, bubble=False):
    """The engine wrote events from the server into the file: read them now."""


class SyncSaid(Message, bubble=False):
    """A new line for the status bar, from the engine that `runner` runs."""

    def __init__(self, line: str, runner: Any = None) -> None:
        super().__init__()
        self.line = line
        self.runner = runner


@dataclass(frozen=True)
class LinkSeen:
    """What the file says about syncing the open incident."""

    url: str = ""  # "" when it is not joined
    token: str = ""
    paused: str = ""  # why the server refused this incident (403), until joined again
    marks: dict[str, tuple[str, bool]] = field(default_factory=dict)  # refused entries


class SyncSeen(Message, bubble=False):
    """The link, its token or the refused entries changed (read by `SyncLink.look`)."""

    def __init__(self, seen: LinkSeen) -> None:
        super().__init__()
        self.seen = seen


class SyncLink:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.runner: EngineRunner | None = None
        self.worker: Worker | None = None
        self._followed: tuple[str, str, str] | None = None  # (url, token, paused) acted on
        self._seen: LinkSeen | None = None  # the last seen, on the reading thread
        self._config: tuple[str, int | None] | None = None  # (url, config mtime) of the token
        self._lock = threading.Lock()

    # ---- on a read thread ---------------------------------------------------------------

    def look(self) -> None:
        """Read what the file says about syncing (a few index lookups; the config file only
        when the link or the file changed) and tell the screen if anything changed."""
        seen = self.read()
        if seen is not None:
            self.screen.post_message(SyncSeen(seen))

    def read(self) -> LinkSeen | None:
        """What `look` reads: the link seen now, or None when nothing changed since the last
        read. The screen's first frame calls it directly (screens/live_read.py)."""
        from cockpit.store.outbox import SyncBook

        s = self.screen.session
        book = SyncBook(s.store, s.clock)
        link = book.link(s.incident_id)
        marks = book.marks(s.incident_id)
        url, paused = (link.url, link.paused) if link is not None else ("", "")
        with self._lock:
            last = self._seen
            token = last.token if last is not None else ""
            stamp = (url, _mtime()) if url else None
            if stamp != self._config:
                token = self._token(url) if url else ""
                self._config = stamp
            seen = LinkSeen(url, token, paused, marks)
            if seen == last:
                return None
            self._seen = seen
        return seen

    def _token(self, url: str) -> str:
        """The token for `url` as the config file says now (another window's `cockpit join
        --token` writes it there), else what this app was given."""
        from cockpit import settings

        try:
            token = settings.load().token_for(url)
        except Exception:  # a config file being edited, say: use what the app was given
            token = ""
        given = self.screen.app.settings
        return token or (given.token_for(url) if given is not None else "")

    # ---- on the screen ------------------------------------------------------------------

    def follow(self, seen: LinkSeen) -> None:
        """Start, restart or stop the engine to match what the file says."""
        old, self._followed = self._followed, (seen.url, seen.token, seen.paused)
        if old == self._followed:
            return  # only the refused entries changed
        if old is not None and old[:2] == self._followed[:2] and not (old[2] and not seen.paused):
            return  # only a pause came (the engine's own doing: it holds itself)
        self.stop()
        watching = self.screen.session.watching
        if watching is not None and not watching.pulls:
            self._say(FOLLOWS_FILE)
        elif not seen.url:
            self._say(LOCAL_ONLY)
        elif not seen.token:
            self._say(f"sync: no token for {safe(seen.url)}; `cockpit join URL INC-n --token T` "
                      "keeps one")  # fmt: skip
        else:
            self._start(seen.url, seen.token)

    def _start(self, url: str, token: str) -> None:
        from cockpit.sync.engine import SyncEngine
        from cockpit.sync.thread import EngineRunner

        s, screen = self.screen.session, self.screen
        tz = s.tz
        runner: EngineRunner

        def make() -> SyncEngine:
            return SyncEngine(
                s.store.path,
                token=token,
                clock=s.clock,
                incidents=[s.incident_id],
                on_events=lambda _incident, _events: screen.post_message(SyncPulled()),
                on_status=lambda _i, st: screen.post_message(SyncSaid(st.line(tz), runner)),
                push=s.watching is None,  # a follower's engine only pulls, and never tries
            )

        runner = EngineRunner(make)
        self.runner = runner
        self._say(f"sync: connecting to {safe(url)}…")
        self.worker = screen.run_worker(
            runner.run, name=WORKER, group=WORKER, description=url, exclusive=True, thread=True,
            exit_on_error=False,
        )  # fmt: skip

    def said(self, message: SyncSaid) -> None:
        if message.runner is self.runner and self.runner is not None:
            self._say(message.line)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """The one place a sync worker's end is handled: a failure is said on the status line
        (work goes on locally); an end nobody asked for, too."""
        if event.worker is not self.worker or self.runner is None:
            return
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            reason = str(error).splitlines()[0] if error and str(error) else repr(error)
            self._forget()
            self._say(f"sync did not start: {safe(reason)[:200]}; work goes on locally")
        elif event.state is WorkerState.SUCCESS and not self.runner.stopping:
            self._forget()
            self._say("sync stopped; work goes on locally")

    def kick(self) -> None:
        if self.runner is not None:
            self.runner.kick(self.screen.session.incident_id)

    def stop(self) -> None:
        """Ask the engine to stop; never waits (it ends on its own thread)."""
        runner, worker = self.runner, self.worker
        self._forget()
        if runner is not None:
            runner.stop()
        if worker is not None:
            worker.cancel()

    def _forget(self) -> None:
        self.runner, self.worker = None, None

    def _say(self, line: str) -> None:
        self.screen.sync_status.set_message(line)


def _mtime() -> int | None:
    from cockpit.settings import config_path

    try:
        return os.stat(config_path()).st_mtime_ns
    except OSError:
        return None
