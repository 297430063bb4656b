"""Resolving from the screen: the resolution criteria to tick, and, before the monitoring
window has ended, the reason to resolve now (cockpit.core.closing).

The criteria ticked on the monitoring phase's checklist come ticked; space ticks or unticks
one, Tab goes to the reason, Enter (or ctrl+s) resolves, Esc cancels. Resolving early with no
reason keeps the dialog open, the reason focused, and says so. The result is the criteria met
and the reason, or None.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from cockpit.core.closing import Move
from cockpit.core.display import safe, safe_multiline
from cockpit.core.timefmt import span_words
from cockpit.tui.safe_fields import SafeInput
from cockpit.tui.timefmt import clock_time

Result = tuple[tuple[str, ...], str]  # (criteria met, reason)


class ResolveScreen(ModalScreen[Result | None]):
    DEFAULT_CSS = """
    ResolveScreen { align: center middle; }
    ResolveScreen > #resolve {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1; overflow-y: auto;
    }
    ResolveScreen Label { width: 100%; }
    ResolveScreen #resolve-title { text-style: bold; }
    ResolveScreen .resolve-label { margin-top: 1; }
    ResolveScreen #resolve-window { color: $warning; text-style: bold; }
    ResolveScreen #resolve-criteria { height: auto; max-height: 10; }
    ResolveScreen #resolve-error { color: $error; text-style: bold; }
    ResolveScreen #resolve-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="resolve_cancel"),
        Binding("ctrl+s", "submit", "Resolve", id="resolve_save"),
        # as the app reads it (as the forms do): from the list, on to the reason; then saves
        Binding("enter", "next", "Next", id="resolve_next", priority=True, show=False),
    ]

    def __init__(self, move: Move, met: tuple[str, ...], reason: str, now: datetime,
                 tz: tzinfo, label: str) -> None:  # fmt: skip
        super().__init__()
        self.move, self.met, self.reason = move, met, reason
        self.now, self.tz, self.label = now, tz, label

    def compose(self) -> ComposeResult:
        move = self.move
        verb = move.to.value  # resolved, or closed straight from an open phase
        with Vertical(id="resolve"):
            yield Label(safe(f"Move {self.label} to {verb}"), id="resolve-title", markup=False)
            w = move.window
            if move.early is not None and w is not None:
                yield Label(
                    f"Mitigated at {clock_time(w.start, self.tz)}: the {w.minutes}-minute "
                    f"monitoring window ends at {clock_time(w.end, self.tz)} "
                    f"({span_words(move.early)} left). Say why {verb} now.",
                    id="resolve-window", markup=False,
                )  # fmt: skip
            yield Label(safe(f"{move.criteria.title}: which are met? (space ticks)"),
                        classes="resolve-label", markup=False)  # fmt: skip
            if move.criteria.help:
                yield Label(safe_multiline(move.criteria.help), markup=False)
            yield SelectionList[str](
                *(Selection(Content(safe(item)), item, item in self.met)
                  for item in move.criteria.items),
                id="resolve-criteria",
            )  # fmt: skip
            needed = move.early is not None
            yield Label("Reason" + ("" if needed else " (optional)"), classes="resolve-label")
            yield SafeInput(self.reason, id="resolve-reason", select_on_focus=False,
                            placeholder="why now: graphs flat, customers confirm...")  # fmt: skip
            yield Label("", id="resolve-error", markup=False)
            yield Label("space: tick · Tab: next · Enter: save · Esc: cancel", id="resolve-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#resolve-criteria", SelectionList))

    @property
    def criteria(self) -> SelectionList[str]:
        return self.query_one("#resolve-criteria", SelectionList)

    def action_next(self) -> None:
        if self.focused is self.criteria:  # space ticks; Enter goes on to the reason
            self.set_focus(self.query_one("#resolve-reason", Input))
        else:
            self.action_submit()

    def action_submit(self) -> None:
        reason = self.query_one("#resolve-reason", Input).value.strip()
        if self.move.early is not None and not reason:
            self.query_one("#resolve-error", Label).update(
                "The monitoring window has not ended: say why resolve now, or Esc and wait"
            )
            self.set_focus(self.query_one("#resolve-reason", Input))
            return
        chosen = set(self.criteria.selected)
        met = tuple(i for i in self.move.criteria.items if i in chosen)
        self.dismiss((met, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)
