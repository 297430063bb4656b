"""Run a SyncEngine in its own thread and event loop (for callers without an asyncio loop).

Callbacks then run in that thread: a Textual app would wrap them with `app.call_from_thread`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

from cockpit.sync.engine import SyncEngine


class SyncThread:
    def __init__(self, make_engine: Callable[[], SyncEngine]) -> None:
        self._make = make_engine
        self.engine: SyncEngine | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="cockpit-sync", daemon=True)

    def start(self, timeout: float = 10.0) -> SyncEngine:
        self._thread.start()
        self._ready.wait(timeout)
        if self._error is not None:
            raise self._error
        assert self.engine is not None
        return self.engine

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            self.engine = self._make()
            await self.engine.start()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        await self._stop.wait()
        await self.engine.stop()

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
