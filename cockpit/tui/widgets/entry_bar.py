"""The entry bar: type a note, decision, evidence... and press Enter.

Enter hands the text to the screen and clears the bar, which stays open for the next entry.
The screen shows the entry in the timeline only once it is committed; if the save fails, the
text comes back here with a one-line error, so nothing typed is lost. Ctrl+O switches the
kind without leaving the bar; a leading time (`14:02 ...`, `-5m ...`) backdates the entry.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from cockpit.core.events import ENTRY_KINDS

PLACEHOLDERS = {
    "note": "What happened? (14:02 or -5m first to backdate; Enter saves; Esc closes)",
    "decision": "What was decided, and by whom?",
    "evidence": "Log line, graph link, error text (kept verbatim)",
    "action": "What was done?",
    "hypothesis": "What might be causing it?",
    "question": "What do we not know yet?",
}


class EntryBar(Horizontal):
    DEFAULT_CSS = """
    EntryBar { height: 3; display: none; background: $panel; }
    EntryBar.-open { display: block; }
    EntryBar > #entry-kind { width: 12; padding: 1 1 0 1; text-style: bold; }
    EntryBar > #entry-input { width: 1fr; }
    EntryBar > #entry-status { width: auto; max-width: 50; padding: 1 1 0 1; color: $error; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close bar", id="entry_close"),
        Binding("ctrl+o", "cycle_kind", "Switch kind", id="entry_kind"),
    ]

    class Submitted(Message):
        def __init__(self, kind: str, text: str) -> None:
            super().__init__()
            self.kind = kind
            self.text = text

    class Closed(Message):
        pass

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = "note"

    def compose(self) -> ComposeResult:
        yield Label("note", id="entry-kind")
        yield Input(placeholder=PLACEHOLDERS["note"], id="entry-input")
        yield Label("", id="entry-status")

    @property
    def input(self) -> Input:
        return self.query_one("#entry-input", Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self, kind: str = "note") -> None:
        self.set_kind(kind)
        self.add_class("-open")
        self.screen.set_focus(self.input)  # at once, so the next keys land in the bar

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self.query_one("#entry-kind", Label).update(kind)
        self.input.placeholder = PLACEHOLDERS.get(kind, "")

    def set_status(self, message: str) -> None:
        self.query_one("#entry-status", Label).update(message)

    def action_cycle_kind(self) -> None:
        i = ENTRY_KINDS.index(self.kind) if self.kind in ENTRY_KINDS else -1
        self.set_kind(ENTRY_KINDS[(i + 1) % len(ENTRY_KINDS)])

    def action_close(self) -> None:
        self.remove_class("-open")  # the typed text stays in the input for next time
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            return
        self.input.value = ""
        self.set_status("")
        self.post_message(self.Submitted(self.kind, text))

    def restore(self, kind: str, text: str, error: str) -> None:
        """A save failed: put the text back (before anything typed since) and say why."""
        current = self.input.value
        self.set_kind(kind)
        self.input.value = text if not current else f"{text} {current}"
        self.add_class("-open")
        self.set_status(error)
