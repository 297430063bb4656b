"""The main screen's reading: the first screen, the long history in chunks, and what other
processes (a second terminal, a script, the sync engine) write to the file while it runs.

A mixin of MainScreen. Textual collects `@on` handlers only on its own classes, so the
handlers here go by name (`on_events_arrived`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

from cockpit.store import screen_load
from cockpit.tui.messages import EventsArrived, HistoryArrived
from cockpit.tui.start_read import StartRead
from cockpit.tui.widgets.checklist_pane import ChecklistPane

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen as _Screen

    from cockpit.tui.screens.links_actions import OthersArrived
    from cockpit.tui.session import Session
    from cockpit.tui.sync_link import LinkSeen, SyncLink
else:
    _Screen = object


class LiveRead(_Screen):
    """Mixed into MainScreen."""

    session: Session
    sync_link: SyncLink
    reading: bool
    data_version: int | None
    after_change: Callable[[int], None]
    look_around: Callable[[], None]
    read_others: Callable[[], OthersArrived | None]
    on_others_arrived: Callable[[OthersArrived], None]
    sync_seen: Callable[[LinkSeen], None]

    def show_first(self, start: StartRead | None) -> screen_load.FirstScreen | None:
        """The first screen read while the app started, shown at once (from `on_mount`,
        before the screen's first layout): the link, the linked incidents, the state and the
        latest entries are in the first frame. Through the worker they came after a frame
        laid out and painted without them (~40 ms of the start, and a second layout). None
        when there is nothing read yet: `load` reads it."""
        if start is None or start.first is None:
            return None
        first, self.data_version = start.first, start.data_version
        try:
            seen = self.sync_link.read()
        except Exception:  # the worker's look says what is wrong with the file
            seen = None
        if seen is not None:
            self.sync_seen(seen)
        others = self.read_others()
        if others is not None:
            self.on_others_arrived(others)
        if first.complete:
            self.session.total = len(first.items)
        self.on_events_arrived(EventsArrived(first.items, first.cursor, first_load=True))
        return first

    @work(thread=True, group="read", exit_on_error=False)
    def load(self, shown: screen_load.FirstScreen | None = None) -> None:
        """What the first frame needs (the state and the latest entries), unless `shown`
        already, then the rest of a long history in chunks, merged in while the screen is
        already live."""
        store, incident = self.session.store, self.session.incident_id
        try:
            first = shown
            if first is None:
                self.data_version = store.data_version()
                first = screen_load.first_screen(store, incident)
            self.sync_link.look()  # joined? (before the first poll can look again)
            self.look_around()  # the linked incidents, shown with the first frame
            if shown is None:
                if first.complete:
                    self.session.total = len(first.items)
                self.post_message(EventsArrived(first.items, first.cursor, first_load=True))
            if not first.complete:
                self.session.total = screen_load.count(store, incident, first.cursor)
                for chunk in screen_load.history(store, incident, first.cursor):
                    self.post_message(HistoryArrived(chunk))
        except Exception as exc:  # a damaged or vanished file: say so; what is shown stays
            self.app.call_from_thread(
                self.notify, f"cannot read the incident: {exc}", severity="error", timeout=30
            )
        self.post_message(HistoryArrived([], done=True))

    def poll(self) -> None:
        """Anything new in the file? Asked in a thread: the file's lock may be held by the
        writer or by another process for a while, and the screen must not wait on it."""
        if self.reading or not self.session.loaded:
            return
        self.reading = True
        self.read_new()

    @work(thread=True, group="read", exit_on_error=False)
    def read_new(self) -> None:
        s = self.session
        lists = self.app.checklist_watch.changed()  # type: ignore[attr-defined]  # CockpitApp
        if lists is not None:
            self.app.call_from_thread(self._checklists_changed, lists)
        self.look_around()  # the other incidents (a child's severity), the catalog's files
        try:
            version = s.store.data_version()
            if version == self.data_version:
                self.reading = False
                return
            self.data_version = version
            self.sync_link.look()  # a join or a leave by another process shows now
            items, cursor = screen_load.items_after(s.store, s.incident_id, s.cursor)
        except Exception as exc:  # the file went away, say: tell, keep what is on screen
            self.reading = False
            self.app.call_from_thread(
                self.notify, f"cannot read new entries: {exc}", severity="error"
            )
            return
        self.post_message(EventsArrived(items, cursor))

    def _checklists_changed(self, lists: Any) -> None:
        self.app.user_checklists = lists.checklists  # type: ignore[attr-defined]  # CockpitApp
        for notice in lists.notices:
            self.notify(notice, severity="warning", timeout=10)
        self.query_one(ChecklistPane).lists_changed()
        self.notify(f"Checklists: {len(lists.checklists)} of your own loaded", timeout=3)

    def on_events_arrived(self, message: EventsArrived) -> None:
        self.reading = False
        s = self.session
        before = len(s.timeline)
        s.apply(message.events)
        s.cursor = max(s.cursor, message.cursor)
        if message.first_load:
            s.loaded = True
        self.after_change(len(s.timeline) - before)

    def on_history_arrived(self, message: HistoryArrived) -> None:
        s = self.session
        gained = s.merge(message.items)
        if message.done:
            s.history_loaded = True
            # The loaded history never becomes garbage: keep the cyclic GC from walking it
            # (with 100,000 events a full collection otherwise stalls keys for about a second).
            gc.freeze()
        if gained or message.done:
            self.after_change(gained)
