"""Edit an entry's text: a text area prefilled with what the timeline shows now (several
lines kept as they are, shown safe: `SafeTextArea`). Saving records an `entry_edited` event; the original stays in the
entry's history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from cockpit.core.display import safe
from cockpit.tui.safe_fields import SafeTextArea


class EditScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    EditScreen { align: center middle; }
    EditScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    EditScreen Label { width: 100%; }  /* long sentences wrap instead of being cut */
    EditScreen #edit-title { text-style: bold; }
    EditScreen TextArea { height: 8; }
    EditScreen .edit-hint { color: $text-muted; }
    EditScreen #edit-error { color: $error; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save edit", id="edit_save"),
        Binding("escape", "cancel", "Cancel", id="edit_cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(safe(self.title_text), id="edit-title", markup=False)
            yield SafeTextArea(self.text, id="edit-text", soft_wrap=True, tab_behavior="focus")
            yield Label("", id="edit-error", markup=False)
            yield Label("ctrl+s saves · Esc cancels · the original stays in history (v)",
                        classes="edit-hint")  # fmt: skip

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        self.set_focus(area)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.query_one("#edit-error", Label).update(
                "an edit needs some text; to hide an entry, Esc then R redacts it"
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
