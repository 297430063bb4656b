"""The main screen: five live panes (timeline, roles, mitigation, next update, checklist),
the entry bar and the footer.

Live: a timer asks the file for its `data_version` (cheap); when another process wrote,
a thread reads the new rows after the cursor and the screen applies them in one batch.
Writes go to the writer thread and show as saved only once committed.
"""

from __future__ import annotations

import gc
from datetime import datetime
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker

from cockpit.core import checklists
from cockpit.core.neighbours import Neighbourhood
from cockpit.tui import keymap, paint_hold
from cockpit.tui.screens.after_actions import AfterActions
from cockpit.tui.screens.call_actions import CallActions
from cockpit.tui.screens.closing_actions import ClosingActions
from cockpit.tui.screens.conflict_actions import ConflictActions
from cockpit.tui.screens.help import HelpScreen
from cockpit.tui.screens.inbox_actions import InboxActions
from cockpit.tui.screens.links_actions import LinksActions
from cockpit.tui.screens.live_read import LiveRead
from cockpit.tui.screens.main_situation import Situation
from cockpit.tui.screens.pace_actions import PaceActions
from cockpit.tui.screens.record_actions import RecordActions
from cockpit.tui.screens.saving import EntryToken, Saving
from cockpit.tui.screens.shape_actions import ShapeActions
from cockpit.tui.screens.update_actions import UpdateActions
from cockpit.tui.screens.work_actions import WorkActions
from cockpit.tui.session import Session
from cockpit.tui.start_read import StartRead
from cockpit.tui.sync_link import LinkSeen, SyncLink, SyncPulled, SyncSaid, SyncSeen
from cockpit.tui.watching import RefusingWriter
from cockpit.tui.widgets.attention_banner import AttentionBanner
from cockpit.tui.widgets.checklist_pane import ChecklistPane
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.entry_detail import EntryDetail
from cockpit.tui.widgets.incident_bar import IncidentBar
from cockpit.tui.widgets.key_hints import KeyHints
from cockpit.tui.widgets.links_pane import LinksPane
from cockpit.tui.widgets.mitigation_pane import MitigationPane
from cockpit.tui.widgets.role_board import RoleBoard
from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.service_pane import ServicePane
from cockpit.tui.widgets.sync_status import SyncStatus
from cockpit.tui.widgets.timeline_view import TimelineView
from cockpit.tui.widgets.update_countdown import UpdateCountdown
from cockpit.tui.writer import Writer

POLL_SECONDS = 0.5  # another process's entry shows within a second
TICK_SECONDS = 1.0


class MainScreen(CallActions, LiveRead, Saving, WorkActions, UpdateActions, RecordActions,
                 ConflictActions, PaceActions, Situation, LinksActions, InboxActions, ShapeActions,
                 AfterActions, ClosingActions, Screen):  # fmt: skip
    BINDINGS = keymap.bindings()

    # Screen.focused repaints the whole screen on each focus change (13-16 ms here, most of
    # the key that opens the entry bar); the widgets that gain and lose focus repaint
    # themselves (their :focus styles), and the footer follows the bindings.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, session: Session, writer: Writer | RefusingWriter, sync: Any = None,
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
        self.neighbourhood = Neighbourhood()  # the file's other incidents (links_actions.py)
        self._minute: int | None = None
        self._resumed = False  # shown once at least (on_screen_resume)

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
                yield LinksPane(id="links")
                yield ServicePane(id="service")
                yield ChecklistPane(id="checklist")
        yield AttentionBanner(id="attention")
        yield self.search_bar
        yield EntryBar(names=lambda: s.state.people, id="entry-bar")
        yield KeyHints(id="footer")

    def on_mount(self) -> None:
        self.set_interval(TICK_SECONDS, self.tick)
        self.set_interval(POLL_SECONDS, self.poll)
        self.query_one(TimelineView).focus()
        self.setup_records()
        start, self._start = self._start, None
        shown = self.show_first(start)
        if shown is None:
            self.load()
        else:  # the rest of a long history after the first frame (read meanwhile, it held
            self.call_after_refresh(self.load, shown)  # the GIL the first layout wanted)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown for the first time: its widgets were styled as they mounted, a moment ago.
        Textual's resume styles the whole screen again (~6 ms of the first frame); later
        resumes (a dialog closed, the theme maybe changed meanwhile) still do."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

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
        self.sync_seen(message.seen)

    def sync_seen(self, seen: LinkSeen) -> None:
        """A join or a leave (here or in another window), a new token, refused entries."""
        self.sync_link.follow(seen)
        self.query_one(TimelineView).set_marks(seen.marks)

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

    @on(EntryBar.Submitted)
    def _entry(self, message: EntryBar.Submitted) -> None:
        token = EntryToken(message.kind, message.text)
        self.submit_entry(message.kind, message.text, token)

    @on(EntryBar.Closed)
    def _entry_closed(self) -> None:
        self.focus_after_entry()

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
        self.show_neighbours()
        self._countdown(now)
        self.call_changed(now)

    def _countdown(self, now: datetime) -> None:
        if self.query_one(UpdateCountdown).show(self.session.update_clocks(), now, self.session.tz):
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
        self.call_tick(now, minute != self._minute)
        if minute != self._minute:
            self._minute = minute
            self._fit_top()  # T+ gains a digit now and then
            self.refresh_bindings()  # an update coming due: the footer offers its key
            self.look_for_others()
            self.query_one(RoleBoard).show(self.session, now)
            self.query_one(MitigationPane).show(self.session, now)

    # ---- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session.watching is not None and keymap.writes(action):
            return False  # a follower: absent from the footer, the palette and F1
        if not self.check_typing_action(action, parameters):
            return False
        state = self.session.state
        if action == "resolve_conflict":
            return bool(state.conflicts())
        if action == "outcome":
            return bool(state.mitigations_in_flight())
        if action == "ack":
            return bool(state.open_tasks())
        if not self.check_pace_action(action) or not self.check_closing_action(action):
            return False
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
