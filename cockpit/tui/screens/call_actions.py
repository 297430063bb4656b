"""The call view on the main screen: `V` lays the screen out to be shared on a video call
(cockpit/tui/widgets/call_view.py), and `V` again brings the full view back.

The call view is a layout of the same screen, not a screen of its own: the header, the entry
bar, the banner and the footer stay, every key keeps working (a note typed in call view is
saved and shows in its latest entries), and it follows every poll, sync and tick. Its widgets
are mounted the first time it is asked for, so the first frame never pays for them. The keys
that work on the full view's timeline or checklist (search, filter, jump, the decision log,
the pinned entries, going to the timeline or the checklist) bring the full view back first:
what they change must be in sight.

A mixin of MainScreen, first among its bases (its actions come before the finding actions'
they wrap), which provides `session` and the widgets.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import events
from textual.widget import Widget

from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.timeline_view import TimelineView

if TYPE_CHECKING:  # a mixin of MainScreen, typed as the screen it is mixed into
    from textual.screen import Screen

    from cockpit.tui.screens.main_situation import Situation
    from cockpit.tui.screens.record_actions import RecordActions
    from cockpit.tui.session import Session
    from cockpit.tui.widgets.call_view import CallView

    class _Screen(RecordActions, Situation, Screen):  # what it wraps comes after it (MRO)
        pass
else:
    _Screen = object

CALL = "-call"  # MainScreen's class while the call view is shown (main.tcss)


class CallActions(_Screen):
    """Mixed into MainScreen."""

    session: Session
    call_view: CallView | None = None  # mounted on first use

    @property
    def in_call(self) -> bool:
        return self.has_class(CALL)

    def action_call_view(self) -> None:
        """`V`: to the call view, or back to the full view."""
        if self.in_call:
            self.leave_call()
            return
        self.add_class(CALL)
        self.refresh_bindings()  # the footer keeps the way back in sight
        if self.call_view is None:  # its on_mount shows it, and gives it the keys
            from cockpit.tui.widgets.call_view import CallView  # not before it is wanted

            self.call_view = CallView(self.session, id="call")
            self.mount(self.call_view, after="#body")
            return
        self.call_view.facts.focus()  # the full view's panes are out of sight
        if self.session.loaded:
            self.call_view.show(self.session.now())

    def leave_call(self) -> None:
        if self.in_call:
            self.remove_class(CALL)
            self.refresh_bindings()
            self.focus_full_view()

    def footer_wants(self) -> dict[str, bool]:
        """In the call view, its key is one the moment needs: the way back stays in sight."""
        wants = super().footer_wants()
        return {**wants, "call_view": True} if self.in_call else wants

    def focus_full_view(self) -> None:
        """The timeline takes the keys again (unless a widget in sight has them)."""
        if self.focused is None or self.focused is self.call_focus():
            self.query_one(TimelineView).focus()

    def call_focus(self) -> Widget | None:
        return self.call_view.facts if self.call_view is not None else None

    def focus_after_entry(self) -> None:
        """The entry bar closed: the keys go back to the timeline, or in the call view to its
        facts (the timeline is out of sight there)."""
        facts = self.call_focus()
        if self.in_call and facts is not None:
            facts.focus()
        else:  # not `.focus()`, which repaints the whole timeline first (test_focus_paint.py)
            self.set_focus(self.query_one(TimelineView))

    def call_changed(self, now: datetime) -> None:
        """After a change (a poll, a sync, a save): the call view, when it is shown."""
        if self.call_view is not None and self.in_call:
            self.call_view.show(now)

    def call_tick(self, now: datetime, minute: bool) -> None:
        """Once a second: the call view's countdown; its ages once a minute."""
        if self.call_view is not None and self.in_call:
            self.call_view.tick(now)
            if minute:
                self.call_view.minute(now)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A pane of the full view (the timeline, the checklist) or the search bar takes the
        focus (`l`, `c`, `/`, a filter applied): the full view comes back, with it in sight."""
        if not self.in_call:
            return
        if any(node.id == "body" or isinstance(node, SearchBar)
               for node in event.widget.ancestors_with_self):  # fmt: skip
            self.remove_class(CALL)
            self.refresh_bindings()

    # The timeline's views change what the full view shows: it comes back first.

    def action_search(self) -> None:
        self.leave_call()
        super().action_search()

    def action_filter_timeline(self) -> None:
        self.leave_call()
        super().action_filter_timeline()

    def action_jump_to_time(self) -> None:
        self.leave_call()
        super().action_jump_to_time()

    def action_view_decisions(self) -> None:
        self.leave_call()
        super().action_view_decisions()

    def action_view_pinned(self) -> None:
        self.leave_call()
        super().action_view_pinned()
