"""Correcting the record, on the main screen, and the entry bar's plumbing.

Edit and redact are new events pointing at their target (the log keeps the original);
history is one key away. Common ground settles hypotheses and questions. The entry bar's
text is read (backdating, verbatim evidence) and its draft kept in the file; keys typed
faster than the focus moves land in the bar, in order. Finding things is in
`finding_actions.py`. Mixed into MainScreen, which provides `session`, `save`, the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import events
from textual.widgets import Input, TextArea

from cockpit.core.display import safe
from cockpit.core.entry_input import read_entry
from cockpit.core.events import Event
from cockpit.core.kinds import ENTRY_KINDS
from cockpit.core.timefmt import full_when
from cockpit.core.timeline import REDACTED, Row
from cockpit.core.vocabulary import Resolution
from cockpit.tui import keymap
from cockpit.tui.drafts import DraftKeeper, NoDrafts
from cockpit.tui.screens.common_ground import CommonGroundScreen
from cockpit.tui.screens.edit_entry import EditScreen
from cockpit.tui.screens.finding_actions import FindingActions
from cockpit.tui.screens.form import Field, Form, FormScreen
from cockpit.tui.screens.history import HistoryScreen
from cockpit.tui.session import Session
from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.entry_detail import EntryDetail
from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.timeline_view import TimelineView

LAST_OWN_LOOKBACK = 500  # rows searched back for "your last entry" (never the whole log)
SELECTION_ACTIONS = ("redact_entry", "entry_history", "pin_entry")


class RecordActions(FindingActions):
    session: Session
    save: Callable[..., None]
    ask: Callable[..., None]
    app: Any
    query_one: Callable[..., Any]
    notify: Callable[..., None]
    focused: Any
    set_timer: Callable[..., Any]
    run_worker: Callable[..., Any]
    timeline_view: TimelineView
    entry_detail: EntryDetail
    search_bar: SearchBar

    drafts: DraftKeeper | NoDrafts
    _warmed = False
    _draft_read = False

    # ---- set-up (called by the screen) ----------------------------------------------------

    def setup_records(self) -> None:
        s = self.session
        if s.watching is not None:
            self.drafts = NoDrafts()
        else:
            self.drafts = DraftKeeper(self, s.store, s.incident_id, s.clock)

    def on_timeline_view_selection_changed(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The selected entry in full under the timeline (hidden without a selection)."""
        tl = self.timeline_view
        row = tl.selected_row
        pinned = row is not None and self._is_pinned(row.id)
        self.entry_detail.show(row, self.session.tz, tl.origin, pinned)

    def _is_pinned(self, event_id: str) -> bool:
        r = self.session.state.registers.get(("pin", event_id))
        return bool(r is not None and r.value)

    def records_changed(self) -> None:
        """After new events: the title, the pinned view, and (once) warm the search caches."""
        s = self.session
        tl = self.query_one(TimelineView)
        if tl.origin is None and s.state.declared is not None:
            tl.origin = s.state.declared.at
        if self.base_query.only:  # the pinned view follows pins and unpins
            pinned = frozenset(s.state.pinned())
            if not pinned:
                self._show(replace(self.base_query, only=frozenset()))
                self.notify("Nothing pinned any more: showing the whole timeline")
            elif pinned != self.base_query.only:
                self._show(replace(self.base_query, only=pinned))
        self.timeline_title()
        if s.loaded and not self._draft_read:  # after the first frame and its focus
            self._draft_read = True
            self.run_worker(self._read_draft, thread=True, group="draft")
        if s.history_loaded and not self._warmed:
            self._warmed = True
            self.run_worker(s.timeline.warm, thread=True, group="warm")

    def check_record_action(self, action: str) -> bool | None:
        tl = self.timeline_view
        if action in SELECTION_ACTIONS:
            return tl.selected is not None
        if action == "clear_view":
            return tl.view.active or tl.selected is not None or self.search_bar.is_open
        return True

    # ---- entries and drafts ---------------------------------------------------------------

    def submit_entry(self, kind: str, raw: str, token: Any) -> None:
        """The entry bar's text, read (backdating, verbatim evidence, links) and saved."""
        s = self.session
        try:
            typed = read_entry(raw, kind, s.now(), s.tz)
        except ValueError as exc:  # empty, too long, a bad time; pydantic's, should one slip by
            self.query_one(EntryBar).restore(kind, raw, str(exc).splitlines()[0])
            return
        self.save(typed.body.model_dump(mode="json"), at=typed.at, at_offset=typed.at_offset,
                  token=token)  # fmt: skip

    def confirm_placement(self, event: Event) -> None:
        """A backdated entry that went to another day, or landed out of sight, says where in
        one line, with the full date: `23:02` typed at 21:04 is yesterday's, and says so."""
        if event.at == event.recorded_at:
            return  # written as it happened: at the bottom, where the eye is
        s = self.session
        now = s.now()
        tl = self.query_one(TimelineView)
        index = s.timeline.index_of(event.id)
        position = None if index is None else tl.view.position_of(index)
        top, height = round(tl.scroll_y), tl.scrollable_content_region.height
        in_sight = position is not None and top <= position < top + height
        if in_sight and event.at.astimezone(s.tz).date() == now.astimezone(s.tz).date():
            return
        jump = keymap.hint(self.app, "jump")
        where = "" if in_sight else f" (out of sight in the timeline; {jump} jumps to a time)"
        self.notify(f"saved at {full_when(event.at, now, s.tz)}{where}", timeout=8)

    def on_key(self, event: events.Key) -> None:
        """A printable key that reaches the screen while a text field has the focus was typed
        for that field, on the widget that had the focus just before (the bar opened by a
        kept draft, say): give it to the field. Keys that open the bar or a form are priority
        bindings (keymap.bindings), so the keys typed right behind them already go there."""
        focused = self.focused
        if isinstance(focused, Input | TextArea) and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            if isinstance(focused, Input):
                focused.insert_text_at_cursor(event.character)
            else:
                focused.insert(event.character)

    def check_typing_action(self, action: str, parameters: tuple[object, ...]) -> bool:
        """Off while a text field has the focus, for an action whose keys type (`n` types an
        n in the entry bar); each key a user has remapped to ctrl+... still works there."""
        if not isinstance(self.focused, Input | TextArea):
            return True
        typing = getattr(self, "_typing_actions", None)
        if typing is None:
            typing = keymap.typing_actions(getattr(self.app, "keymap_overrides", {}))
            self._typing_actions = typing
        if parameters:
            action = f"{action}({', '.join(repr(p) for p in parameters)})"
        return action not in typing

    def on_entry_bar_changed(self, message: EntryBar.Changed) -> None:
        self.drafts.changed(message.kind, message.text)

    def _read_draft(self) -> None:
        try:
            kind, text = self.drafts.read(self.session.tz)
        except Exception as exc:  # the screen goes on, but the promise failed: say so, and where
            s = self.session
            self.app.call_from_thread(
                self.notify, f"could not read the draft kept from last time ({safe(str(exc))}); "
                f"it is still in {safe(str(s.store.path))}, table drafts, incident {s.incident_id}",
                severity="error", timeout=60,
            )  # fmt: skip
            return
        if text.strip():
            self.app.call_from_thread(self._restore_draft, kind, text)

    def _restore_draft(self, kind: str, text: str) -> None:
        bar = self.query_one(EntryBar)
        if bar.text.strip() == text.strip():
            return
        saves = "ctrl+s" if "\n" in text.strip("\n") else "Enter"
        bar.restore(kind, text, f"draft kept from last time: {saves} saves, ctrl+l clears")
        bar.open(bar.kind)

    def on_unmount(self) -> None:
        if hasattr(self, "drafts"):
            self.drafts.flush()

    # ---- correcting the record ------------------------------------------------------------

    def _selected(self) -> Row | None:
        return self.query_one(TimelineView).selected_row

    def _last_own_entry(self) -> Row | None:
        tl, me = self.session.timeline, self.session.author
        for i in range(len(tl) - 1, max(-1, len(tl) - 1 - LAST_OWN_LOOKBACK), -1):
            row = tl[i]
            if row.author == me and row.kind in ENTRY_KINDS and not row.redacted:
                return row
        return None

    def action_edit_entry(self) -> None:
        row = self._selected() or self._last_own_entry()
        if row is None:
            self.notify("Nothing to edit: ↑ in the timeline selects an entry", severity="warning")
            return
        if row.redacted:
            self.notify("A redacted entry stays redacted; record a new entry", severity="warning")
            return
        if row.kind not in ENTRY_KINDS:
            self.notify(f"A {row.kind} is not edited; record a new one", severity="warning")
            return
        when = row.at.astimezone(self.session.tz).strftime("%H:%M")
        title = f"Edit {row.kind} by {row.author} at {when}"

        def done(text: str | None, row: Row = row) -> None:
            if text is None or text == row.text:
                return
            body = {"kind": "entry_edited", "target": row.id, "text": text}

            def retry(error: str) -> None:
                self.notify(error, severity="error", timeout=10)
                self.app.push_screen(EditScreen(title, text), done)

            self.save(body, retry=retry)

        self.app.push_screen(EditScreen(title, row.text), done)

    def action_redact_entry(self) -> None:
        row = self._selected()
        if row is None:
            self.notify("Select the entry first: ↑ in the timeline", severity="warning")
            return
        if row.redacted:
            self.notify("Already redacted", severity="warning")
            return
        first = row.text.splitlines()[0] if row.text else ""
        form = Form(
            "Redact this entry?",
            [Field("reason", "Reason", required=False, placeholder="e.g. pasted a secret")],
            intro=f"{safe(row.author)}: {safe(first[:60])}\nIts text disappears from the screen and exports; "
            "that it was redacted, by you and when, stays. Enter redacts, Esc cancels.",
        )

        def done(values: dict[str, str] | None) -> None:
            if values is not None:
                body = {"kind": "entry_redacted", "target": row.id, "reason": values["reason"]}
                titled = self.session.state.title != REDACTED  # and after? `_title_gone`
                self.save(body, saved=self._title_gone if titled else None)

        self.app.push_screen(FormScreen(form), done)

    def _title_gone(self) -> None:
        """A redaction that hid the title (the declaration's, or a title change) leaves the
        incident with none: say so, and how to give it a new one."""
        s = self.session
        if s.state.title == REDACTED:
            self.notify(f"The title was redacted: {s.label} has none now; "
                        f"{keymap.hint(self.app, 'intake')} (Intake) sets a new one", timeout=10)  # fmt: skip

    def action_entry_history(self) -> None:
        row = self._selected()
        if row is not None:
            mark = self.query_one(TimelineView).marks.get(row.id)  # refused by the server?
            self.app.push_screen(HistoryScreen(row, self.session.tz, refused=mark))

    def action_pin_entry(self) -> None:
        row = self._selected()
        if row is not None:
            pinned = bool(self.session.value("pin", row.id))  # a pin still being saved counts
            self.save({"kind": "entry_pinned", "target": row.id, "pinned": not pinned})
            self.notify("Unpinned" if pinned else
                        f"Pinned: {keymap.hint(self.app, 'pinned')} shows the pinned entries")  # fmt: skip

    # ---- common ground --------------------------------------------------------------------

    def action_common_ground(self) -> None:
        follower = self.session.watching is not None  # sees the list, settles nothing
        self.app.push_screen(
            CommonGroundScreen(self.session, None if follower else self.resolve_item)
        )

    def resolve_item(self, item: Event, resolution: Resolution) -> None:
        answer = resolution is Resolution.ANSWERED
        verb = {"confirmed": "Confirm", "ruled_out": "Rule out", "answered": "Answer"}
        form = Form(
            f"{verb[resolution.value]}: {item.body.describe(tz=self.session.tz)[:60]}",
            [Field("text", "Answer" if answer else "What showed it", required=answer)],
        )
        self.ask(form, lambda v: {"kind": "entry_resolved", "target": item.id,
                                  "resolution": resolution.value, "text": v["text"]})  # fmt: skip
