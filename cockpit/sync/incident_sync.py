"""One joined incident's sync: a push loop over the outbox and a pull loop on the cursor.

Both loops survive everything the server can do: each failure becomes a status and a wait
(`cockpit.sync.backoff`: quick retries while the server restarts, a longer backoff when it
struggles, Retry-After, or a pause until a new token), never an exception.

Nothing the server loses stays lost: a pull whose cursor seq holds another event than the one
seen there (the server restored from a backup without a new epoch) starts over like an epoch
change, and each pulled page is checked against the seqs the server gave our events
(`SyncBook.apply_pulled`); what it no longer holds is pushed again and said on the status line.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from cockpit.core.events import Event
from cockpit.core.restriction import restricted_to
from cockpit.core.state import IncidentState
from cockpit.store.errors import StoreError
from cockpit.store.outbox import Link
from cockpit.sync import api as A
from cockpit.sync.backoff import Backoff
from cockpit.sync.status import State, SyncStatus

if TYPE_CHECKING:
    from cockpit.sync.engine import SyncEngine

MAX_BATCH = 500
MAX_BATCH_BYTES = 900 * 1024  # under the server's 1 MiB with room for the envelope


def fit(events: list[Event]) -> list[Event]:
    """The longest prefix under the byte limit (at least one event)."""
    total, out = 0, list[Event]()
    for e in events:
        n = len(e.model_dump_json()) + 1
        if out and total + n > MAX_BATCH_BYTES:
            break
        total += n
        out.append(e)
    return out


class IncidentSync:
    """The sync of one joined incident (named so as not to be taken for Textual's Worker)."""

    def __init__(self, engine: SyncEngine, link: Link) -> None:
        self.e = engine
        self.incident = link.incident
        self.url = link.url
        self.api = engine.api_for(link.url)
        self.status = SyncStatus(State.CONNECTING, url=link.url)
        self.batch = MAX_BATCH
        # One schedule per loop, so that a push that works does not cut short the wait of
        # pulls that fail (or the other way round).
        self.backoffs = {
            loop: Backoff(engine.min_backoff, engine.max_backoff, engine.reconnect_cap, engine.rng)
            for loop in ("push", "pull")
        }
        self.forbidden = link.paused
        # Why the server refuses our pushes (a token that may only read), or "": nothing is
        # pushed until a new token comes (engine.resume), and the pulls go on all the while.
        self.read_only = ""
        self.state = IncidentState(link.incident)
        self.resent = 0  # our events the server had lost, pushed again since start
        self.push_wake = asyncio.Event()
        self.pull_wake = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []
        self.stopping = False

    # ---- status -------------------------------------------------------------------------------

    def set_status(self, **changes: object) -> None:
        """Change the status (and tell the engine's listener when it changed)."""
        new = self.status.evolve(**changes)
        if new != self.status:
            self.status = new
            self.e.status_changed(self.incident, new)

    async def refresh_counts(self) -> None:
        """Read what the status line counts (pending, rejected, set aside, lost) from the file."""
        book, incident = self.e.book, self.incident

        def counts() -> dict[str, int]:
            return {
                "pending": book.pending_count(incident),
                "rejected": len(book.rejected(incident)),
                "set_aside": book.set_aside_count(incident),
                "lost": book.lost_count(incident),
            }

        found = await asyncio.to_thread(counts)
        self.set_status(**found, resent=self.resent, conflicts=len(self.state.conflicts()))

    def went_well(self, loop: str) -> None:
        """A push or a pull ("push", "pull") worked: its backoff starts over; live again."""
        self.backoffs[loop].reset()
        if self.status.state is not State.LIVE:
            self.set_status(state=State.LIVE, since=self.e.clock.now(), detail="")
            self.kick()  # back: the other loop may be waiting out its backoff

    def went_read_only(self, why: str) -> None:
        """The server refused a push or a create because the token may only read: this link
        pulls only. Not a pause (a 403 on the incident is): teammates' entries keep coming."""
        self.read_only = why
        self.set_status(read_only=why)

    async def _fail(self, exc: A.SyncError, wake: asyncio.Event) -> None:
        """Show what went wrong, then wait as the error table says."""
        if isinstance(exc, A.ReadOnlyToken):
            self.went_read_only(str(exc))
            await self.refresh_counts()
            if wake is self.pull_wake:  # a create refused while pulling: the pull waits a bit
                await self._nap(wake, self._wait(exc, wake))
            return
        if isinstance(exc, A.TokenRefused):
            await self.refresh_counts()
            self.e.refuse(str(exc))
            await self.e.unpaused(self)
            return
        if isinstance(exc, A.Forbidden):
            self.forbidden = str(exc)
            await asyncio.to_thread(self.e.book.set_paused, self.incident, self.forbidden)
            self.set_status(state=State.FORBIDDEN, detail=str(exc))
            await self.e.unpaused(self)
            return
        await self.refresh_counts()
        if self.status.state is not State.OFFLINE:
            self.set_status(state=State.OFFLINE, since=self.e.clock.now(), detail=str(exc))
        else:
            self.set_status(detail=str(exc))
        await self._nap(wake, self._wait(exc, wake))

    def _wait(self, exc: BaseException, wake: asyncio.Event) -> float:
        return self.backoffs["push" if wake is self.push_wake else "pull"].next(exc)

    async def _store_trouble(self, exc: StoreError, wake: asyncio.Event) -> None:
        """The local file failed (locked past the timeout, say): show it and try again later;
        a sync loop must never end while the screen still says it is syncing."""
        self.set_status(state=State.OFFLINE, since=self.status.since or self.e.clock.now(),
                  detail=f"local file: {exc}")  # fmt: skip
        await self._nap(wake, self._wait(exc, wake))

    async def _nap(self, wake: asyncio.Event, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), delay)
        wake.clear()

    def kick(self) -> None:
        self.push_wake.set()
        self.pull_wake.set()

    # ---- one step each ------------------------------------------------------------------------

    async def ensure_created(self) -> None:
        title = self.state.title if self.state.declared else ""
        await self.api.put_incident(self.incident, title, restricted_to(self.state) or ())

    async def push_step(self) -> bool:
        """Push one batch from the outbox; False when there was nothing to push."""
        book = self.e.book
        events = await asyncio.to_thread(book.pending, self.incident, self.batch)
        if not events:
            return False
        events = fit(events)
        self.state.apply_all(events)
        try:
            results = await self.api.push(self.incident, events)
        except A.NotFound:
            await self.ensure_created()
            return True
        except A.TooLarge as exc:
            if len(events) == 1:
                await asyncio.to_thread(
                    book.mark,
                    self.incident,
                    [(events[0].id, "rejected", None, f"too large: {exc}")],
                )
            else:
                self.batch = max(1, len(events) // 2)
            return True
        self.resent += await asyncio.to_thread(
            book.mark, self.incident, [(r.id, r.status, r.seq, r.reason) for r in results]
        )
        self.batch = min(MAX_BATCH, self.batch * 2)
        await self.refresh_counts()
        return True

    async def pull_step(self, wait: float) -> int:
        """Pull one page; the number of events in it, or -1 to go again at once."""
        book = self.e.book
        link = await asyncio.to_thread(book.link, self.incident)
        if link is None:  # left meanwhile
            self.e.forget(self.incident)
            return 0
        acked = await asyncio.to_thread(book.acked_upto, self.incident)
        try:
            page = await self.api.pull(self.incident, link.after, limit=MAX_BATCH, wait=wait)
        except A.EpochChanged:
            await self._reset()
            return -1
        except A.NotFound:
            if not self.e.push or self.read_only:  # a follower, a read-only link: never create
                raise A.NotFound(
                    "no such incident: not on the server (yet?), or you may not see it "
                    "(restricted to others); waiting for it"
                ) from None
            await self.ensure_created()
            return -1
        if link.epoch and page.epoch != link.epoch:  # a new epoch without a 409: same thing
            await self._reset()
            return -1
        if link.cursor and link.cursor_id and page.after_id not in (None, link.cursor_id):
            # Our cursor's seq holds another event now: the server was restored from a backup
            # and others wrote past where it was. Start over as after an epoch change.
            await self._reset()
            return -1
        applied = await asyncio.to_thread(
            book.apply_pulled, self.incident, page.items, page.epoch, page.cursor,
            after=link.cursor if link.epoch else 0, invalid=page.invalid,
            last_seq=page.last_seq, acked_upto=acked,
        )  # fmt: skip
        if applied.capped:  # our own events took the server's clock values: fold again
            self.state = await asyncio.to_thread(self.e.store.state, self.incident)
        else:
            self.state.apply_all(i.event for i in page.items if i.event.id not in applied.refused)
        if applied.new:
            self.e.emit(self.incident, applied.new)
        if applied.new or applied.set_aside or applied.lost:
            await self.refresh_counts()
        if applied.lost:
            self.push_wake.set()
        return len(page.items) + len(page.invalid)

    async def _reset(self) -> None:
        """The server was restored: pull everything again, offer every local event again."""
        await asyncio.to_thread(self.e.book.reset, self.incident)
        self.push_wake.set()

    # ---- the loops ----------------------------------------------------------------------------

    async def start(self) -> None:
        self.state = await asyncio.to_thread(self.e.store.state, self.incident)
        await self.refresh_counts()
        if self.forbidden:
            self.set_status(state=State.FORBIDDEN, detail=self.forbidden)
        self.tasks = [asyncio.create_task(self._pull_loop(), name=f"sync-pull-{self.incident}")]
        if self.e.push:  # a follower's engine never pushes, nor tries to
            self.tasks.append(
                asyncio.create_task(self._push_loop(), name=f"sync-push-{self.incident}")
            )

    async def stop(self) -> None:
        """Cancel both loops; cancel again if one swallowed it (3.11's wait_for can)."""
        self.stopping = True
        self.kick()
        pending = set(self.tasks)
        while pending:
            for t in pending:
                t.cancel()
            _, pending = await asyncio.wait(pending, timeout=0.5)
        self.tasks = []

    async def _push_loop(self) -> None:
        while not self.stopping:
            await self.e.unpaused(self)
            if self.read_only:
                await self._hold_read_only()
                continue
            try:
                if await self.push_step():
                    self.went_well("push")
                    continue
            except A.SyncError as exc:
                await self._fail(exc, self.push_wake)
                continue
            except StoreError as exc:  # the local file is busy or damaged: say so, retry
                await self._store_trouble(exc, self.push_wake)
                continue
            try:
                await self.refresh_counts()
                await self._wait_local_change()
            except StoreError as exc:
                await self._store_trouble(exc, self.push_wake)

    async def _hold_read_only(self) -> None:
        """Nothing is pushed with a token that may only read, until a new one comes
        (engine.resume); the count of what stays here follows the file meanwhile."""
        while self.read_only and not self.stopping:
            try:
                await asyncio.wait_for(self.push_wake.wait(), 0.25)
            except TimeoutError:
                await self.refresh_counts()
            self.push_wake.clear()

    async def _wait_local_change(self) -> None:
        version = await asyncio.to_thread(self.e.store.data_version)
        while not self.stopping:
            try:
                await asyncio.wait_for(self.push_wake.wait(), self.e.poll)
                self.push_wake.clear()
                return
            except TimeoutError:
                pass
            if await asyncio.to_thread(self.e.store.data_version) != version:
                return

    async def _pull_loop(self) -> None:
        caught_up = False
        while not self.stopping:
            await self.e.unpaused(self)
            try:
                n = await self.pull_step(self.e.wait if caught_up else 0)
            except A.SyncError as exc:
                caught_up = False
                await self._fail(exc, self.pull_wake)
                continue
            except StoreError as exc:
                caught_up = False
                await self._store_trouble(exc, self.pull_wake)
                continue
            self.went_well("pull")
            caught_up = 0 <= n < MAX_BATCH
