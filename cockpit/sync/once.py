"""Sync from a command that exits: push what is pending (and catch up) within a few seconds.

`flush_after_command(store, settings)` is what `cockpit note` & co. call before exiting: if the
file has joined incidents with pending events, it pushes them with a short timeout and, if the
server is down, leaves them pending (the next command, `cockpit sync` or the screen pushes
them). It never raises; it returns a line to print when something is left pending.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cockpit.store.store import Store
    from cockpit.sync.status import SyncStatus

FLUSH_TIMEOUT = 3.0


def run_once(
    store: Store,
    token: str | Callable[[str], str],
    incidents: Iterable[str] | None = None,
    *,
    timeout: float = 5.0,
    pull: bool = True,
    transport: Any = None,
    push: bool = True,
) -> dict[str, SyncStatus]:
    import asyncio

    from cockpit.sync.engine import SyncEngine

    async def go() -> dict[str, SyncStatus]:
        engine = SyncEngine(store, token=token, incidents=incidents, transport=transport,
                            push=push)  # fmt: skip
        try:
            return await engine.sync_once(timeout=timeout, pull=pull)
        finally:
            await engine.stop()

    return asyncio.run(go())


def flush_after_command(store: Store | None, settings: Any, timeout: float = FLUSH_TIMEOUT) -> str:
    """Push pending events of joined incidents; '' when nothing is left to say.

    A file that joined nothing (most) is told by one query, before the sync machinery is
    imported: asyncio and the outbox were ~60 ms of every `cockpit note`."""
    if store is None or not _joined_any(store):
        return ""
    from cockpit.store.outbox import SyncBook
    from cockpit.sync.status import State

    try:
        book = SyncBook(store)
        waiting = [link.incident for link in book.links() if book.pending_count(link.incident)]
        if not waiting:
            return ""
        before = {i: set(book.rejected(i)) for i in waiting}
        statuses = run_once(store, settings.token_for, waiting, timeout=timeout, pull=False)
        refused = [
            reason
            for i in waiting
            for eid, reason in book.rejected(i).items()
            if eid not in before[i]
        ]
    except Exception as exc:  # never fail the command that already did its job
        return f"sync: not pushed ({str(exc).splitlines()[0][:120] if str(exc) else exc!r}); run `cockpit sync`"
    left = [s for s in statuses.values() if s.state is not State.LIVE or s.pending]
    if refused:
        return (f"the server refused {len(refused)} event(s) ({refused[0]}); they stay here, "
                "marked")  # fmt: skip
    if not left:
        return ""
    s = left[0]
    if s.read_only:  # never "pushes it later": this token never will
        return f"sync: kept in this file, not shared ({s.read_only})"
    return f"{s.line()}; `cockpit sync` pushes it later"


def _joined_any(store: Store) -> bool:
    """Has this file joined any incident on a server (a row in sync_links, store/schema.py)?
    An error reading it is left to the full look, which says what went wrong."""
    try:
        return bool(store.query("SELECT EXISTS (SELECT 1 FROM sync_links)")[0][0])
    except Exception:
        return True
