"""The search bar (/): the timeline narrows and highlights matches as you type.

Enter keeps the search and goes back to the timeline (↑↓ then walk the matches); Esc clears
it and closes the bar.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from cockpit.tui.safe_fields import SafeInput


class SearchBar(Horizontal):
    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $panel; }
    SearchBar.-open { display: block; }
    SearchBar > Label { width: auto; padding: 0 1; text-style: bold; }
    SearchBar > Input, SearchBar > Input:focus { width: 1fr; height: 1; border: none; padding: 0; }
    """
    BINDINGS = [Binding("escape", "clear", "Clear search", id="search_clear")]

    class Changed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """Enter: keep the search, go back to the timeline."""

    def compose(self) -> ComposeResult:
        yield Label("Search /")
        yield SafeInput(placeholder="text to find (Enter keeps it, Esc clears)", id="search-input")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        self.add_class("-open")
        self.screen.set_focus(self.input)

    def close(self) -> None:
        self.remove_class("-open")
        if self.input.value:
            self.input.value = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.close()
        self.post_message(self.Done())

    def action_clear(self) -> None:
        self.close()
        self.post_message(self.Changed(""))
        self.post_message(self.Done())
