"""The one writer thread: commits events to the file in the order they were made.

The screen never waits on SQLite. Each event is appended (one committed transaction) on this
thread, then a `Saved` (or `SaveFailed`) message goes back to the screen that asked. One
thread with a queue, rather than a worker per write, keeps a burst of entries in order.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

from textual.message_pump import MessagePump

from cockpit.core.events import Event
from cockpit.store.errors import StoreError
from cockpit.store.store import Store
from cockpit.tui.messages import Saved, SaveFailed

_STOP = object()


class Writer:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        """Events handed over and not yet committed or failed."""
        return self._pending

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cockpit-writer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)
            self._thread = None

    def submit(self, event: Event, reply_to: MessagePump, token: object = None) -> None:
        with self._lock:
            self._pending += 1
        self.start()
        self._queue.put((event, reply_to, token))

    def submit_together(
        self, events: list[Event], reply_to: MessagePump, token: object = None
    ) -> None:
        """Events that go together (a task and the question passed on to it): committed in
        one transaction, or none. One Saved (or SaveFailed) each, in order; `token` rides
        with the last, so what waits on it hears once, when all are in."""
        with self._lock:
            self._pending += len(events)
        self.start()
        self._queue.put((list(events), reply_to, token))

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is _STOP:
                return
            event, reply_to, token = job
            if isinstance(event, list):
                self._together(event, reply_to, token)
                continue
            try:
                stored = self.store.append(event)  # declaring is the app's, not the writer's
                message: Saved | SaveFailed = Saved(stored, token)
            except StoreError as exc:
                message = SaveFailed(event, str(exc), token)
            except Exception as exc:  # never lose the text: the screen puts it back
                message = SaveFailed(
                    event, f"could not save ({exc}); your text is kept, retry", token
                )
            with self._lock:
                self._pending -= 1
            reply_to.post_message(message)

    def _together(self, events: list[Event], reply_to: MessagePump, token: object) -> None:
        messages: list[Saved | SaveFailed]
        try:
            stored = {e.id: e for e in self.store.append_many(events, origin="local")}
            messages = [Saved(stored.get(e.id, e), None) for e in events]
        except Exception as exc:  # a StoreError says what to do; anything else, retry
            error = str(exc) if isinstance(exc, StoreError) else f"could not save ({exc}); retry"
            messages = [SaveFailed(e, error, None) for e in events]
        messages[-1].token = token
        with self._lock:
            self._pending -= len(events)
        for message in messages:
            reply_to.post_message(message)
