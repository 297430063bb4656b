"""Several incidents are open: pick one (Enter), or declare a new one (n)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

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
        Binding("escape", "app.quit", "Quit", id="picker_quit"),
    ]

    def __init__(self, incidents: list[Summary], title: str = "Open incidents") -> None:
        super().__init__()
        self.incidents = incidents
        self.heading = title

    def compose(self) -> ComposeResult:
        options = []
        for s in self.incidents:
            sev = s.severity.value if s.severity else "SEV?"
            when = f"{s.declared_at:%Y-%m-%d %H:%M}" if s.declared_at else ""
            options.append(
                Option(f"{s.label:<8} {sev}  {s.phase.value:<13} {when}  {s.title}", id=s.id)
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
