"""Parked long-polls wait here until a push to their incident wakes them.

`notify` may be called from any thread (a push runs in the threadpool; the PostgreSQL
listener has its own thread). A waiter registers *before* it reads the database, so a push
that commits between the read and the wait still wakes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import defaultdict


class Waker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, set[asyncio.Future[None]]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def register(self, incident: str) -> asyncio.Future[None]:
        loop = asyncio.get_running_loop()
        self._loop = loop
        fut: asyncio.Future[None] = loop.create_future()
        with self._lock:
            self._waiters[incident].add(fut)
        return fut

    def forget(self, incident: str, fut: asyncio.Future[None]) -> None:
        with self._lock:
            s = self._waiters.get(incident)
            if s is not None:
                s.discard(fut)
                if not s:
                    del self._waiters[incident]

    def notify(self, incident: str | None) -> None:
        """Wake the pulls parked on one incident, or all of them (None)."""
        with self._lock:
            if incident is None:
                futs = [f for s in self._waiters.values() for f in s]
            else:
                futs = list(self._waiters.get(incident, ()))
        if not futs or self._loop is None or self._loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            self._loop.call_soon_threadsafe(_wake, futs)

    def parked(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._waiters.values())


def _wake(futs: list[asyncio.Future[None]]) -> None:
    for f in futs:
        if not f.done():
            f.set_result(None)
