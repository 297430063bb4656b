"""Reading what the first frame needs while Textual starts.

Textual spends ~100 ms starting (driver, CSS, the first screen) before the cockpit's screen
asks for its data. This thread, started when the app is built, finds the incident to open
(the one asked for, or the only open one) and reads its first screen meanwhile, so the data is
there when the screen is. The file's `data_version` is read before the rows, so that anything
written after them is still seen by the screen's poll.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass

from cockpit.store import screen_load
from cockpit.store.store import IncidentRef, Store
from cockpit.tui.incidents import Summary, summaries


@dataclass(frozen=True, slots=True)
class StartRead:
    ref: IncidentRef | None  # the incident to open at once, if there is one
    found: list[Summary]  # the open incidents, when none was asked for
    data_version: int | None = None
    first: screen_load.FirstScreen | None = None  # `ref`'s first screen
    past: tuple[Summary, ...] = ()  # none open: the resolved and closed ones, to say so


def read_start(store: Store, incident: str | None) -> StartRead:
    found: list[Summary] = []
    ref: IncidentRef | None
    if incident is not None:
        ref = store.incident(incident)
    else:
        every = summaries(store)
        found = [s for s in every if s.open]
        ref = IncidentRef(found[0].id, found[0].number, "") if len(found) == 1 else None
        if not found:
            return StartRead(None, found, past=tuple(every))
    if ref is None:
        return StartRead(None, found)
    try:
        version = store.data_version()
        first = screen_load.first_screen(store, ref.id)
    except Exception:  # a damaged row, say: the screen reads again and says what is wrong
        return StartRead(ref, found)
    return StartRead(ref, found, version, first)


def start_reading(store: Store, incident: str | None) -> Future[StartRead]:
    """`read_start` in a thread of its own; the future holds its result or its error."""
    future: Future[StartRead] = Future()

    def run() -> None:
        try:
            future.set_result(read_start(store, incident))
        except BaseException as exc:  # a StoreError, say: the app says it once it is up
            future.set_exception(exc)

    threading.Thread(target=run, name="cockpit-start-read", daemon=True).start()
    return future
