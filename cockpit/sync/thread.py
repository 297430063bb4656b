"""Run a SyncEngine in an event loop of its own, in the thread that calls `run()` (for a caller
without an asyncio loop to spare: the screen runs it as a Textual thread worker, so that SQLite
and HTTP never wait on the screen's loop).

Starting and stopping can neither deadlock nor orphan the engine:

- `stop()` may be called from any thread at any moment (before `run()` began, while the engine
  starts, while it runs, after it ended). It only sets a flag and wakes the loop: it never
  waits and holds no lock that `run()` holds while waiting.
- A stop during a slow start cancels the start; whatever happened, `run()` stops the engine
  before it returns, so no engine outlives the call that ran it.
- A failure to make or start the engine is raised from `run()` (a Textual worker reports it
  as its error) after the engine was stopped.

While it runs, the thread is named `cockpit-sync` (a worker's pool thread gets its own name
back afterwards), so `threading.enumerate()` shows whether an engine still runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

from cockpit.sync.engine import SyncEngine

THREAD_NAME = "cockpit-sync"


class EngineRunner:
    def __init__(self, make_engine: Callable[[], SyncEngine]) -> None:
        self._make = make_engine
        self.engine: SyncEngine | None = None
        self.started = threading.Event()  # the engine started and runs
        self.done = threading.Event()  # run() returned: nothing of it runs any more
        # guards the three below; held for a few instructions, never across a wait
        self._lock = threading.Lock()
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None

    @property
    def stopping(self) -> bool:
        return self._stopping

    def run(self) -> None:
        """Make and start the engine, sync until `stop()`, stop the engine. Blocking."""
        thread = threading.current_thread()
        name, thread.name = thread.name, THREAD_NAME
        try:
            asyncio.run(self._main())
        finally:
            thread.name = name
            self.done.set()

    async def _main(self) -> None:
        stop = asyncio.Event()
        with self._lock:
            if self._stopping:  # stopped before it began
                return
            self._loop, self._stop = asyncio.get_running_loop(), stop
        try:
            self.engine = self._make()
            await self._serve(self.engine, stop)
        finally:
            with self._lock:
                self._loop = self._stop = None

    async def _serve(self, engine: SyncEngine, stop: asyncio.Event) -> None:
        starting = asyncio.ensure_future(engine.start())
        stopped = asyncio.ensure_future(stop.wait())
        failure: BaseException | None = None
        try:
            await asyncio.wait({starting, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if not starting.done():  # stopped while starting: cancel the start
                starting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await starting
            elif starting.exception() is not None:
                failure = starting.exception()
            else:
                self.started.set()
                await stopped
        finally:
            stopped.cancel()
            try:
                await engine.stop()
            except Exception:
                if failure is None:
                    raise
            if failure is not None:
                raise failure

    def stop(self) -> None:
        """Ask `run()` to stop the engine and return. Any thread, any time; never waits."""
        with self._lock:
            self._stopping = True
            loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: it is ending
                loop.call_soon_threadsafe(stop.set)

    def kick(self, incident: str | None = None) -> None:
        """Push now (after a local save). Any thread; nothing when the engine is not running."""
        engine = self.engine
        if engine is not None and self.started.is_set() and not self.done.is_set():
            engine.kick(incident)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for `run()` to return (after `stop()`); False if it had not within `timeout`."""
        return self.done.wait(timeout)
