"""The checklist for the current phase, tickable from the keyboard (up/down, space).
Left/right switch to the other checklists: the built-in ones and the user's own (a TOML file
each, for an alert or a service); a phase change brings back the phase's checklist. The
runbook checklists of the incident's service (`offer`) come right after the phase's: one →
away."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.widget import Widget

from cockpit.core import checklists
from cockpit.core.checklists import Checklist
from cockpit.core.display import safe
from cockpit.tui import colours, keymap
from cockpit.tui.session import Session


class ChecklistPane(Widget, can_focus=True):
    DEFAULT_CSS = """
    ChecklistPane { height: 1fr; overflow-y: auto; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("space,enter", "toggle", "Tick", id="tick"),
        Binding("right", "switch(1)", "Next list", id="checklist_next"),
        Binding("left", "switch(-1)", "Previous list", id="checklist_previous"),
    ]

    class Toggled(Message):
        """Tick or untick `item`: the screen decides which, from the state and from its own
        ticks still being saved (space twice, faster than a save, ticks and unticks)."""

        def __init__(self, checklist: Checklist, item: str) -> None:
            super().__init__()
            self.checklist = checklist
            self.item = item

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self.checklist: Checklist | None = None
        self.cursor = 0
        self._phase_list: Checklist | None = None  # the phase's list, when last shown
        self._offered: tuple[Checklist, ...] = ()  # the service's runbook checklists
        self._shown: tuple = ()  # what the last repaint showed: repaint only when it changes

    @property
    def available(self) -> tuple[Checklist, ...]:
        """Every list, in the order ←→ go through them: the phase's, the service's runbook
        checklists, then the others as they come."""
        every = checklists.every(getattr(self.app, "user_checklists", ()))
        first = (*(() if self._phase_list is None else (self._phase_list,)), *self._offered)
        return (*first, *(c for c in every if c not in first))

    def offer(self, lists: tuple[Checklist, ...]) -> None:
        """The service's runbook checklists (from the catalog's service name), one → from the
        phase's list."""
        lists = tuple(lists)
        if lists != self._offered:
            self._offered = lists
            self._title()

    def show(self, session: Session) -> None:
        self._session = session
        phase_list = checklists.for_phase(session.state.phase,
                                          getattr(self.app, "user_checklists", ()))  # fmt: skip
        if phase_list != self._phase_list:  # a new phase: its checklist, whatever was chosen
            self._phase_list = phase_list
            self._set(phase_list)
        self._title()

    def lists_changed(self) -> None:
        """The user's checklist files changed while running: show the new version of the one
        shown (by name), or the phase's list if it went away."""
        c = self.checklist
        if c is not None and c not in checklists.BUILT_IN:
            same = next((x for x in self.available if x.name == c.name), None)
            self.checklist = same or self._phase_list
            if self.checklist is not None:
                self.cursor = min(self.cursor, len(self.checklist.items) - 1)
        self._title()

    def _set(self, checklist: Checklist) -> None:
        if checklist != self.checklist:
            self.checklist = checklist
            self.cursor = 0

    def _title(self) -> None:
        c, s = self.checklist, self._session
        if c is None or s is None:
            return
        done, total = checklists.progress(s.state, c)
        others = "  ←→" if len(self.available) > 1 and self.has_focus else ""
        if not others and self._offered and c == self._phase_list:
            others = "  → runbook"
        title = f"Checklist: {escape(safe(c.title))} {done}/{total}{others}"  # a user's file
        if title != self.border_title:  # setting it, even to the same text, repaints
            self.border_title = title
        # Told to show after every entry: repaint (a fixed-size pane, never a reflow) only
        # when a tick, the list, the cursor or the focus changed.
        shown = (c, tuple(self.is_checked(item) for item in c.items), self.cursor,
                 self.has_focus)  # fmt: skip
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def is_checked(self, item: str) -> bool:
        """Ticked, or done by the record itself (the severity set, an update posted...)."""
        s, c = self._session, self.checklist
        return bool(s and c and checklists.done(s.state, c, item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A follower reads the lists (and moves between them); it ticks nothing.
        return action != "toggle" or not keymap.watching(self.app)

    def action_move(self, step: int) -> None:
        if self.checklist:
            self.cursor = (self.cursor + step) % len(self.checklist.items)
            self.refresh()

    def action_switch(self, step: int) -> None:
        lists = self.available
        i = lists.index(self.checklist) if self.checklist in lists else 0
        self._set(lists[(i + step) % len(lists)])
        self._title()
        self.refresh()

    def on_focus(self) -> None:
        self._title()

    def on_blur(self) -> None:
        self._title()

    # The pane's own `toggle` (a checklist item), not DOMNode's toggle(attribute_name).
    def action_toggle(self) -> None:  # type: ignore[override]
        if self.checklist:
            self.post_message(self.Toggled(self.checklist, self.checklist.items[self.cursor]))

    def render(self) -> Text:
        text = Text(overflow="ellipsis", no_wrap=True)
        c = self.checklist
        if c is None:
            return text
        for i, item in enumerate(c.items):
            if i:
                text.append("\n")
            checked = self.is_checked(item)
            mark = "☑ " if checked else "☐ "
            style = (
                colours.style(self.app, "kind-system")
                if checked
                else colours.style(self.app, "foreground")
            )
            if self.has_focus and i == self.cursor:
                style = style + colours.style(self.app, "accent", bold=True, reverse=True)
            text.append(mark + safe(item), style=style)
        return text
