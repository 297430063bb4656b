"""Several incidents are open (or none is, and these were resolved or closed): pick one
(Enter), or declare a new one (n)."""

from __future__ import annotations

from datetime import UTC, tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from cockpit.core.display import safe
from cockpit.tui.incidents import Summary


class PickerScreen(Screen[str | None]):
    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical { width: 100; max-width: 100%; height: auto; max-height: 100%; }
    PickerScreen #picker-title { text-style: bold; padding: 0 1; }
    PickerScreen OptionList { height: auto; max-height: 30; }
    """
    BINDINGS = [
        Binding("n", "declare", "Declare new", id="picker_declare"),
        Binding("escape", "back", "Back", id="picker_back"),  # opened from an incident
        Binding("escape", "quit", "Quit", id="picker_quit"),  # at start: nothing behind it
    ]

    def __init__(self, incidents: list[Summary], title: str = "Open incidents",
                 back: bool = False, tz: tzinfo = UTC) -> None:  # fmt: skip
        super().__init__()
        self.tz = tz  # the user's: when each was declared reads in it
        self.incidents = incidents
        self.heading = title
        self.back = back  # an incident is open behind this picker: Esc goes back to it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back", "quit"):
            return self.back == (action == "back")
        return True

    def action_back(self) -> None:
        self.dismiss("")  # neither an incident nor a new one: stay where we were

    def action_quit(self) -> None:
        self.app.exit()

    def compose(self) -> ComposeResult:
        options = []
        for s in self.incidents:
            sev = s.severity.value if s.severity else "SEV?"
            when = f"{s.declared_at.astimezone(self.tz):%Y-%m-%d %H:%M}" if s.declared_at else ""
            options.append(
                Option(f"{s.label:<8} {sev}  {s.phase.value:<13} {when}  {safe(s.title)}", id=s.id)
            )
        with Vertical():
            yield Label(f"{self.heading}: Enter opens one, n declares a new one", id="picker-title")
            yield OptionList(*options, id="picker-list", markup=False)  # titles as typed
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_declare(self) -> None:
        self.dismiss(None)
