"""The main screen: five live panes (timeline, roles, mitigation, next update, checklist),
the entry bar and the footer.

Live: a timer asks the file for its `data_version` (cheap); when another process wrote,
a thread reads the new rows after the cursor and the screen applies them in one batch.
Writes go to the writer thread and show as saved only once committed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker

from cockpit.core import checklists
from cockpit.store import screen_load
from cockpit.tui import keymap, paint_hold, textual_compat
from cockpit.tui.messages import EventsArrived, HistoryArrived, Saved, SaveFailed
from cockpit.tui.screens.conflict_actions import ConflictActions
from cockpit.tui.screens.help import HelpScreen
from cockpit.tui.screens.main_actions import IncidentActions
from cockpit.tui.screens.main_situation import Situation
from cockpit.tui.screens.record_actions import RecordActions
from cockpit.tui.session import Session
from cockpit.tui.start_read import StartRead
from cockpit.tui.sync_link import SyncLink, SyncPulled, SyncSaid, SyncSeen
from cockpit.tui.widgets.attention_banner import AttentionBanner
from cockpit.tui.widgets.checklist_pane import ChecklistPane
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.entry_detail import EntryDetail
from cockpit.tui.widgets.incident_bar import IncidentBar
from cockpit.tui.widgets.key_hints import KeyHints
from cockpit.tui.widgets.mitigation_pane import MitigationPane
from cockpit.tui.widgets.role_board import RoleBoard
from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.sync_status import SyncStatus
from cockpit.tui.widgets.timeline_view import TimelineView
from cockpit.tui.widgets.update_countdown import UpdateCountdown
from cockpit.tui.writer import Writer

POLL_SECONDS = 0.5  # another process's entry shows within a second
TICK_SECONDS = 1.0


class EntryToken:
    """Rides along with an entry to the writer, so a failed save can put the text back."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind, self.text = kind, text


class RetryToken:
    def __init__(self, retry: Callable[[str], Any] | None,
                 saved: Callable[[], Any] | None = None) -> None:  # fmt: skip
        self.retry = retry  # on failure, with the error
        self.saved = saved  # once committed


class MainScreen(IncidentActions, RecordActions, ConflictActions, Situation, Screen):
    BINDINGS = keymap.bindings()

    # Screen.focused repaints the whole screen on each focus change (13-16 ms here, most of
    # the key that opens the entry bar); the widgets that gain and lose focus repaint
    # themselves (their :focus styles), and the footer follows the bindings.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, session: Session, writer: Writer, sync: Any = None,
                 start: StartRead | None = None) -> None:  # fmt: skip
        super().__init__()
        self.session = session
        self._start = start  # the first screen, when read while the app started
        self.writer = writer
        self.sync = sync
        self.data_version: int | None = None
        self.sync_link = SyncLink(self)
        self.reading = False
        self.bells = 0  # times the overdue alarm rang (tests read it)
        self._minute: int | None = None

    def compose(self) -> ComposeResult:
        s = self.session
        with Horizontal(id="top"):
            yield IncidentBar(id="incident-bar")
            yield SyncStatus(self.sync, id="sync-status")
        # Kept, not queried: the footer asks `check_action` about every key, and it still
        # asks while a switch to another incident takes this screen's widgets away.
        self.timeline_view = TimelineView(s.timeline, s.tz, self._is_pinned, id="timeline")
        self.search_bar = SearchBar(id="search-bar")
        self.entry_detail = EntryDetail(id="entry-detail")
        with Horizontal(id="body"):
            self.timeline_view.border_title = "Timeline (loading…)"
            with Vertical(id="timeline-column"):
                yield self.timeline_view
                yield self.entry_detail  # the selected entry in full
            with Vertical(id="side"):
                yield RoleBoard(id="roles")
                yield MitigationPane(id="mitigation")
                yield UpdateCountdown(id="countdown")
                yield ChecklistPane(id="checklist")
        yield AttentionBanner(id="attention")
        yield self.search_bar
        yield EntryBar(names=lambda: s.state.people, id="entry-bar")
        yield KeyHints(id="footer")

    def on_mount(self) -> None:
        # The first screen read while the app started goes in through the load worker, like
        # any read: applied here in on_mount, it saved a frame but changed the order in which
        # a burst of keys typed at once reached the entry bar.
        start, self._start = self._start, None
        self.load(start)
        self.set_interval(TICK_SECONDS, self.tick)
        self.set_interval(POLL_SECONDS, self.poll)
        self.query_one(TimelineView).focus()
        self.setup_records()

    def on_unmount(self) -> None:
        paint_hold.release(self.app)
        self.sync_link.stop()
        # What this screen froze (its history, at load) may now go: let the GC see it again.
        gc.unfreeze()

    @on(SyncPulled)
    def _sync_pulled(self) -> None:
        self.poll()

    @on(SyncSaid)
    def _sync_said(self, message: SyncSaid) -> None:
        self.sync_link.said(message)

    @on(SyncSeen)
    def _sync_seen(self, message: SyncSeen) -> None:
        """A join or a leave (here or in another window), a new token, refused entries."""
        self.sync_link.follow(message.seen)
        self.query_one(TimelineView).set_marks(message.seen.marks)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.sync_link.worker_changed(event)

    @on(SyncStatus.Changed)
    def _sync_status_changed(self) -> None:
        self._fit_top()  # its line takes what the header's facts leave

    @property
    def sync_status(self) -> SyncStatus:
        return self.query_one(SyncStatus)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100 or self.size.height < 32, "-compact")
        self._fit_top()

    # ---- reading ----------------------------------------------------------------------------

    @work(thread=True, group="read", exit_on_error=False)
    def load(self, start: StartRead | None = None) -> None:
        """What the first frame needs (the state and the latest entries: read while the app
        started, or now), then the rest of a long history in chunks, merged in while the
        screen is already live."""
        store, incident = self.session.store, self.session.incident_id
        try:
            if start is not None and start.first is not None:
                self.data_version, first = start.data_version, start.first
            else:
                self.data_version = store.data_version()
                first = screen_load.first_screen(store, incident)
            self.sync_link.look()  # joined? (before the first poll can look again)
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
        lists = self.app.checklist_watch.changed()  # a checklist file added or edited
        if lists is not None:
            self.app.call_from_thread(self._checklists_changed, lists)
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
        self.app.user_checklists = lists.checklists
        for notice in lists.notices:
            self.notify(notice, severity="warning", timeout=10)
        self.query_one(ChecklistPane).lists_changed()
        self.notify(f"Checklists: {len(lists.checklists)} of your own loaded", timeout=3)

    @on(EventsArrived)
    def _arrived(self, message: EventsArrived) -> None:
        self.reading = False
        s = self.session
        before = len(s.timeline)
        s.apply(message.events)
        s.cursor = max(s.cursor, message.cursor)
        if message.first_load:
            s.loaded = True
        self.after_change(len(s.timeline) - before)

    @on(HistoryArrived)
    def _history(self, message: HistoryArrived) -> None:
        s = self.session
        s.state.apply_all(message.items)
        gained = s.timeline.merge(message.items)
        if message.done:
            s.history_loaded = True
            # The loaded history never becomes garbage: keep the cyclic GC from walking it
            # (with 100,000 events a full collection otherwise stalls keys for about a second).
            gc.freeze()
        if gained or message.done:
            self.after_change(gained)

    # ---- writing ----------------------------------------------------------------------------

    def save(self, body: dict, *, at: datetime | None = None, at_offset: int | None = None,
             token: Any = None, retry: Callable[[str], Any] | None = None,
             seen: dict | None = None, saved: Callable[[], Any] | None = None) -> None:  # fmt: skip
        """Make an event of `body` and hand it to the writer; it shows once committed.

        `retry(error)`, if given, brings back what asked for it (a form) when the save fails,
        and shows the error there. `seen`: the state the decision was made on (Session.seen)."""
        try:
            event = self.session.make(body, at=at, at_offset=at_offset, seen=seen)
        except Exception as exc:  # pydantic: an empty field, say
            msg = str(exc).splitlines()[0]
            if retry:
                retry(f"cannot record that: {msg}")
                return
            self.notify(f"cannot record that: {msg}", severity="error")
            if isinstance(token, EntryToken):
                self.query_one(EntryBar).restore(token.kind, token.text, "not saved: " + msg)
            return
        if token is None and (retry or saved):
            token = RetryToken(retry, saved)
        self.writer.submit(event, self, token)

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        before = len(self.session.timeline)
        self.session.apply([message.event])
        self.session.settled(message.event)
        self.after_change(len(self.session.timeline) - before)
        # Drawn together. A widget tells the screen it changed only when its own queue goes
        # idle; the timeline tells it now, and the hold ends after the screen has heard.
        textual_compat.flush_refresh(self.query_one(TimelineView))
        self.call_later(paint_hold.release, self.app)
        token = message.token
        if isinstance(token, RetryToken) and token.saved:
            token.saved()
        if isinstance(token, EntryToken):
            self.confirm_placement(message.event)  # a backdated entry says where it went
        self.sync_link.kick()  # joined to a server: push it now

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        paint_hold.release(self.app)
        self.session.settled(message.event)
        token = message.token
        if isinstance(token, RetryToken) and token.retry:
            token.retry(message.error)
            return
        self.notify(message.error, severity="error", timeout=10)
        if isinstance(token, EntryToken):
            self.query_one(EntryBar).restore(token.kind, token.text, "not saved: " + message.error)

    @on(EntryBar.Submitted)
    def _entry(self, message: EntryBar.Submitted) -> None:
        token = EntryToken(message.kind, message.text)
        self.submit_entry(message.kind, message.text, token)

    @on(EntryBar.Closed)
    def _entry_closed(self) -> None:
        self.query_one(TimelineView).focus()

    @on(ChecklistPane.Toggled)
    def _toggled(self, message: ChecklistPane.Toggled) -> None:
        name = message.checklist.name
        checked = bool(self.session.value("check", name, message.item))  # a pending tick too
        why = checklists.evident(self.session.state, message.checklist, message.item)
        if why is not None:  # a tick, or an untick, would change nothing on screen
            self.notify(f"{message.item}: done already ({why})", timeout=4)
            return
        self.save({"kind": "checklist_item", "checklist": name, "item": message.item,
                   "checked": not checked})  # fmt: skip

    # ---- showing ----------------------------------------------------------------------------

    def after_change(self, new_rows: int) -> None:
        self.query_one(TimelineView).rows_changed(new_rows)
        self.records_changed()
        self.show_detail()
        self.refresh_panes()
        self.refresh_bindings()

    def refresh_panes(self) -> None:
        s, now = self.session, self.session.now()
        self.query_one(IncidentBar).show(s, now)
        self._fit_top()
        self.query_one(RoleBoard).show(s, now)
        self.query_one(MitigationPane).show(s, now)
        self.query_one(ChecklistPane).show(s)
        self.query_one(AttentionBanner).show(s, now)
        self._countdown(now)

    def _countdown(self, now: datetime) -> None:
        if self.query_one(UpdateCountdown).show(self.session.update_clock(), now, self.session.tz):
            self.bells += 1
            self.app.bell()

    def tick(self) -> None:
        """Once a second: the countdown and the header; the rest once a minute."""
        if not self.session.loaded:
            return
        now = self.session.now()
        self._countdown(now)
        self.query_one(IncidentBar).show(self.session, now)
        self.query_one(AttentionBanner).show(self.session, now)
        minute = int(now.timestamp() // 60)
        if minute != self._minute:
            self._minute = minute
            self._fit_top()  # T+ gains a digit now and then
            self.refresh_bindings()  # an update coming due: the footer offers its key
            self.look_for_others()
            self.query_one(RoleBoard).show(self.session, now)
            self.query_one(MitigationPane).show(self.session, now)

    # ---- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.check_typing_action(action, parameters):
            return False
        state = self.session.state
        if action == "resolve_conflict":
            return bool(state.conflicts())
        if action == "outcome":
            return bool(state.mitigations_in_flight())
        if action == "ack":
            return bool(state.open_tasks())
        return self.check_record_action(action)

    def action_entry(self, kind: str) -> None:
        self.query_one(EntryBar).open(kind)

    def action_focus_checklist(self) -> None:
        self.query_one(ChecklistPane).focus()

    def action_focus_timeline(self) -> None:
        self.query_one(TimelineView).focus()

    def action_help(self) -> None:
        if not isinstance(self.app.screen, HelpScreen):
            self.app.push_screen(HelpScreen())

    def action_choose_theme(self) -> None:
        self.app.search_themes()

    def action_switch_incident(self) -> None:
        self.app.action_switch_incident()

    def action_quit(self) -> None:
        self.app.exit()
