"""The sync engine: every joined incident of one local file, synced in the background.

    engine = SyncEngine("cockpit.sqlite3", token=settings_token, on_events=..., on_status=...)
    await engine.start()          # in the app's asyncio loop (or use EngineRunner)
    engine.status(incident).line()   # "sync: live", "sync: offline since 14:02 (...)", ...
    engine.kick()                 # "I just wrote something": push now (optional; it also polls)
    engine.conflicts(incident)    # IncidentState.conflicts() of the file as it stands
    await engine.stop()

Callbacks run in the engine's loop: `on_events(incident_id, [Event, ...])` once per pulled page
with the events that were new to this file, `on_status(incident_id, SyncStatus)` on every change.
The engine opens its own connection to the file, so writes made by the screen or by
`cockpit note` through another connection are noticed (PRAGMA data_version, every `poll`
seconds) and pushed; `kick()` after a write pushes at once. `add(incident)` starts syncing an
incident joined after start(); `resume(token)` retries after a refused token or a 403;
`rejected(incident)` maps refused local events to the server's reason. Without an asyncio
loop, `cockpit.sync.thread.EngineRunner` runs the engine in a thread of its own.

Each joined incident is one `IncidentSync` (its push and pull loops), in `engine.syncs`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx

from cockpit.core.clock import Clock, SystemClock
from cockpit.core.events import Event
from cockpit.core.state import Conflict
from cockpit.store.errors import StoreError
from cockpit.store.outbox import SyncBook
from cockpit.store.store import Store
from cockpit.sync import api as A
from cockpit.sync.incident_sync import IncidentSync
from cockpit.sync.status import State, SyncStatus

log = logging.getLogger("cockpit.sync")

OnEvents = Callable[[str, list[Event]], object]  # what they return is not used
OnStatus = Callable[[str, SyncStatus], object]


class SyncEngine:
    def __init__(
        self,
        store: Store | str | Path,
        *,
        token: str | Callable[[str], str],
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        on_events: OnEvents | None = None,
        on_status: OnStatus | None = None,
        incidents: Iterable[str] | None = None,
        wait: float = 25.0,
        poll: float = 0.1,
        min_backoff: float = 0.1,
        max_backoff: float = 30.0,
        reconnect_cap: float = 1.5,
        timeout: float = 10.0,
        rng: random.Random | None = None,
        push: bool = True,
    ) -> None:
        self._own_store = not isinstance(store, Store)
        self.store = Store.open(store) if not isinstance(store, Store) else store
        self.clock = clock or SystemClock()
        self.book = SyncBook(self.store, self.clock)
        self.token = token
        self.transport = transport
        self.on_events = on_events
        self.on_status = on_status
        self.only = set(incidents) if incidents is not None else None
        self.wait, self.poll, self.timeout = wait, poll, timeout
        # The waits after a failure (cockpit.sync.backoff): the first, the cap, and the cap
        # while the server refuses connections; `rng` makes the jitter repeatable in tests.
        self.min_backoff, self.max_backoff = min_backoff, max_backoff
        self.reconnect_cap = reconnect_cap
        self.rng = rng
        # False for a follower (`cockpit watch URL ID`, `cockpit web`): no push loop at all,
        # and an incident the server lacks is waited for, never created (a PUT is a write).
        self.push = push
        self.syncs: dict[str, IncidentSync] = {}
        self.apis: dict[str, A.Api] = {}
        self.refused = ""  # why the token was refused; sync paused until resume()
        self._resumed: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._statuses: dict[str, SyncStatus] = {}
        self._lock = threading.Lock()

    # ---- lifecycle ----------------------------------------------------------------------------

    def api_for(self, url: str) -> A.Api:
        api = self.apis.get(url)
        if api is None:
            token = self.token(url) if callable(self.token) else self.token  # one per server
            api = self.apis[url] = A.Api(url, token, transport=self.transport, timeout=self.timeout)
        return api

    async def _load(self) -> list[IncidentSync]:
        self._loop = asyncio.get_running_loop()
        if self._resumed is None:
            self._resumed = asyncio.Event()
            self._resumed.set()
        links = await asyncio.to_thread(self.book.links)
        made = []
        for link in links:
            if (
                self.only is None or link.incident in self.only
            ) and link.incident not in self.syncs:
                w = self.syncs[link.incident] = IncidentSync(self, link)
                made.append(w)
        return made

    async def start(self) -> None:
        """Start syncing every joined incident (or those given) in the running loop."""
        for w in await self._load():
            await w.start()

    async def add(self, incident: str) -> None:
        """Start syncing an incident joined after start()."""
        if self.only is not None:
            self.only.add(incident)
        for w in await self._load():
            await w.start()

    async def stop(self) -> None:
        for w in list(self.syncs.values()):
            await w.stop()
        for api in self.apis.values():
            await api.close()
        self.apis.clear()
        if self._own_store:
            self.store.close()

    def forget(self, incident: str) -> None:
        w = self.syncs.pop(incident, None)
        if w is not None:
            w.stopping = True
            for t in w.tasks:
                t.cancel()

    # ---- what the screen asks -----------------------------------------------------------------

    def status(self, incident: str | None = None) -> SyncStatus:
        """This incident's status, or the most worrying one over all (OFF if none joined)."""
        with self._lock:
            if incident is not None:
                return self._statuses.get(incident, SyncStatus())
            statuses = list(self._statuses.values())
        if not statuses:
            return SyncStatus()
        order = [State.TOKEN_REFUSED, State.FORBIDDEN, State.OFFLINE, State.CONNECTING, State.LIVE]
        worst = min(statuses, key=lambda s: order.index(s.state) if s.state in order else 9)
        return worst.evolve(
            pending=sum(s.pending for s in statuses),
            conflicts=sum(s.conflicts for s in statuses),
            rejected=sum(s.rejected for s in statuses),
            set_aside=sum(s.set_aside for s in statuses),
            lost=sum(s.lost for s in statuses),
            resent=sum(s.resent for s in statuses),
        )

    def conflicts(self, incident: str) -> list[Conflict]:
        """Conflicting writes in the file as it stands (blocking: folds the incident)."""
        return self.store.state(incident).conflicts()

    def rejected(self, incident: str) -> dict[str, str]:
        """Event id -> the server's reason, for local events it refused."""
        return self.book.rejected(incident)

    def kick(self, incident: str | None = None) -> None:
        """Push now and cut any backoff short. Safe from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return

        def go() -> None:
            for key, w in self.syncs.items():
                if incident is None or key == incident:
                    w.kick()

        if _in_loop(loop):
            go()
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(go)

    def resume(self, token: str | None = None) -> None:
        """After a refused token (optionally a new one) or a 403: try again. Any thread."""
        loop = self._loop
        if loop is None:
            return

        def go() -> None:
            if token:
                self.token = token
                for api in self.apis.values():
                    api.set_token(token)
            self.refused = ""
            for w in self.syncs.values():
                w.forbidden = ""
                w.read_only = ""
                w.set_status(read_only="")
                w.kick()
            assert self._resumed is not None
            self._resumed.set()

        if _in_loop(loop):
            go()
        else:
            loop.call_soon_threadsafe(go)

    # ---- used by each IncidentSync --------------------------------------------------------------

    def refuse(self, why: str) -> None:
        self.refused = why
        assert self._resumed is not None
        self._resumed.clear()
        for w in self.syncs.values():
            w.set_status(state=State.TOKEN_REFUSED, detail=why)

    async def unpaused(self, w: IncidentSync) -> None:
        """Hold a worker while its token is refused or its incident forbidden; the pending
        count on the status line still follows what is written meanwhile."""
        assert self._resumed is not None
        while (self.refused or w.forbidden) and not w.stopping:
            signal = self._resumed if self.refused else w.pull_wake
            try:
                await asyncio.wait_for(signal.wait(), 0.25)
            except TimeoutError:
                await w.refresh_counts()
            if signal is w.pull_wake:
                w.pull_wake.clear()
        if w.status.state in (State.TOKEN_REFUSED, State.FORBIDDEN):
            w.set_status(state=State.CONNECTING, detail="")

    def status_changed(self, incident: str, status: SyncStatus) -> None:
        with self._lock:
            self._statuses[incident] = status
        if self.on_status is not None:
            self.on_status(incident, status)

    def emit(self, incident: str, events: list[Event]) -> None:
        if self.on_events is not None:
            self.on_events(incident, events)

    # ---- one round, for the CLI ---------------------------------------------------------------

    async def sync_once(self, *, timeout: float = 5.0, pull: bool = True) -> dict[str, SyncStatus]:
        """Push every pending event and (with `pull`) catch up, once, within `timeout`."""
        made = await self._load()
        for w in made:
            w.state = await asyncio.to_thread(self.store.state, w.incident)
            if w.forbidden:
                w.set_status(state=State.FORBIDDEN, detail=w.forbidden)

        async def one(w: IncidentSync) -> None:
            for _ in range(3):  # a pull may find events the server lost: push them at once
                try:
                    while self.push and not w.read_only and await w.push_step():
                        pass
                except A.ReadOnlyToken as exc:  # the pull still goes on: a read-only link
                    w.went_read_only(str(exc))
                if not pull:
                    break
                while (n := await w.pull_step(0)) == -1 or n >= 500:
                    pass
                if w.read_only or not self.push:
                    break
                if not await asyncio.to_thread(self.book.pending_count, w.incident):
                    break
            w.went_well("pull" if pull else "push")
            await w.refresh_counts()

        async def guarded(w: IncidentSync) -> None:
            if w.forbidden:
                return
            try:
                await asyncio.wait_for(one(w), timeout)
            except A.TokenRefused as exc:
                self.refused = str(exc)
                w.set_status(state=State.TOKEN_REFUSED, detail=str(exc))
            except A.ReadOnlyToken as exc:  # not on the server, and this token cannot create it
                w.went_read_only(str(exc))
                w.set_status(state=State.OFFLINE, since=self.clock.now(), detail=str(exc))
            except A.Forbidden as exc:
                await asyncio.to_thread(self.book.set_paused, w.incident, str(exc))
                w.set_status(state=State.FORBIDDEN, detail=str(exc))
            except A.SyncError as exc:
                w.set_status(state=State.OFFLINE, since=self.clock.now(), detail=str(exc))
            except TimeoutError:
                w.set_status(state=State.OFFLINE, since=self.clock.now(),
                       detail=f"no answer within {timeout:g} s")  # fmt: skip
            except StoreError as exc:  # the local file is locked or damaged: say so
                w.set_status(
                    state=State.OFFLINE, since=self.clock.now(), detail=f"local file: {exc}"
                )
            try:
                await w.refresh_counts()
            except StoreError as exc:  # the counts are stale: the line says why
                log.warning("sync of %s: cannot count what is pending (%s)", w.incident, exc)
                w.set_status(detail=f"{w.status.detail + '; ' if w.status.detail else ''}"
                              f"counts not read: {exc}")  # fmt: skip

        await asyncio.gather(*(guarded(w) for w in self.syncs.values()))
        return {k: w.status for k, w in self.syncs.items()}


def _in_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
