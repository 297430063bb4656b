"""The screen's side of sending updates: the app's sender, on a thread worker of its own.

While the cockpit runs on a file whose config names destinations, a `SenderRunner`
(cockpit/comms/runner.py) sends every update posted from that file, whichever incident is
open: the screen never waits on a webhook or a mail server. What it records (`sent to
inc-42`, `email failed: connection refused, retrying`) are events in the file, which the
screen reads like any other process's writes; a failure that needs a person also shows as a
notification. The destinations are read again when the config file changes, so a fixed URL is
used without a restart. One sender per file: while `cockpit deliver` runs on it, this one
waits, and takes over when that one ends.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from textual.worker import Worker, WorkerState

from cockpit.core.delivery import Delivery
from cockpit.core.display import safe

if TYPE_CHECKING:
    from cockpit.comms.runner import SenderRunner
    from cockpit.core.events import Event
    from cockpit.settings import DestinationSettings
    from cockpit.tui.app import CockpitApp

WORKER = "cockpit-send"


class DeliveryLink:
    def __init__(self, app: CockpitApp) -> None:
        self.app = app
        self.runner: SenderRunner | None = None
        self.worker: Worker | None = None
        self._config: tuple[int | None, Mapping[str, DestinationSettings]] | None = None

    def start(self) -> None:
        """Start sending (nothing when no destination is configured, or for a follower: it
        writes nothing, and the terminal that posted an update sends it)."""
        if not self.app.settings.destinations or self.runner is not None:
            return
        if self.app.watching is not None:
            return
        from cockpit.comms.lock import SendLock
        from cockpit.comms.runner import SenderRunner
        from cockpit.comms.sender import Sender
        from cockpit.store.store import Store

        app = self.app
        path, clock, author = app.store.path, app.clock, app.author

        def make() -> Sender:  # on the worker's thread: its own connection to the file
            store = Store.open(path, recorder=author)
            return Sender(store, self.destinations, clock, author, on_record=self._recorded)

        self.runner = SenderRunner(make, SendLock(path), on_state=self._state)
        self.worker = app.run_worker(
            self.runner.run, name=WORKER, group=WORKER, description="sending updates",
            thread=True, exit_on_error=False,
        )  # fmt: skip

    def destinations(self) -> Mapping[str, DestinationSettings]:
        """The configured destinations, read again when the config file changed."""
        from cockpit import settings

        try:
            stamp: int | None = os.stat(settings.config_path()).st_mtime_ns
        except OSError:
            stamp = None
        if self._config is None or self._config[0] != stamp:
            found: Mapping[str, DestinationSettings]
            try:
                found = settings.load().destinations
            except Exception:  # being edited, say: what the app started with
                found = self._config[1] if self._config else self.app.settings.destinations
            self._config = (stamp, found)
        return self._config[1]

    def kick(self) -> None:
        if self.runner is not None:
            self.runner.kick()

    def stop(self) -> None:
        runner, worker = self.runner, self.worker
        self.runner = self.worker = None
        if runner is not None:
            runner.stop()
        if worker is not None:
            worker.cancel()

    # ---- from the worker's thread -----------------------------------------------------------

    def _recorded(self, event: Event) -> None:
        d = cast(Delivery, event.body)
        if d.status == "sent" or (d.status == "retrying" and d.attempt != 1):
            return  # the timeline says it; a person need not act
        severity = "warning" if d.status == "retrying" else "error"
        self._tell(f"update {d.describe(tz=self.app.tz)}", severity)

    def _state(self, line: str) -> None:
        if line:
            self._tell(line, "warning")

    def _tell(self, text: str, severity: str) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self.app.notify, text, severity=severity, timeout=10)

    # ---- on the app ---------------------------------------------------------------------------

    def worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self.worker:
            return
        if event.state is WorkerState.ERROR:
            error: Any = event.worker.error
            reason = str(error).splitlines()[0] if error and str(error) else repr(error)
            self.runner = self.worker = None
            self.app.notify(f"updates are not being sent ({safe(reason)[:200]}); "
                            "`cockpit deliver` sends them", severity="error", timeout=30)  # fmt: skip
