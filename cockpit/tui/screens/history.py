"""One entry's history: who wrote it and when, its original text, every edit, and a
redaction (after which no text of the entry is shown, only the fact, by whom and when)."""

from __future__ import annotations

from datetime import tzinfo
from typing import cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cockpit.core import events as ev
from cockpit.core.display import safe, safe_multiline
from cockpit.core.ids import short
from cockpit.core.timeline import Row


def _when(at, tz: tzinfo) -> str:
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")


def history_table(row: Row, tz: tzinfo) -> Table:
    """Names and reasons on one line; texts with their lines and tabs kept, every control
    in them visible and inert (several lines of evidence read as they were written)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    original = "(redacted)" if row.redacted else (row.original_text or row.text)
    table.add_row(_when(row.at, tz), safe(row.author),
                  Text(safe_multiline(f"wrote ({row.kind}): {original}")))  # fmt: skip
    for e in row.history:
        author = safe(e.author)
        if e.kind == "entry_redacted":
            reason = cast(ev.EntryRedacted, e.body).reason
            reason = f": {safe(reason)}" if reason else ""
            table.add_row(_when(e.at, tz), author, Text(f"redacted it{reason}", style="italic"))
        elif row.redacted:
            table.add_row(_when(e.at, tz), author, Text("edited it (text redacted)"))
        else:
            text = cast(ev.EntryEdited, e.body).text
            table.add_row(_when(e.at, tz), author, Text(safe_multiline(f"edited it: {text}")))
    return table


def refused_text(row: Row, reason: str, superseded: bool) -> Text:
    """Why the server refused this entry, and what to do about it."""
    text = Text("\n")
    if superseded:
        text.append("↻ Not shared: ", style="bold")
        text.append(f"the server refused it ({safe(reason)}); a copy was sent instead.")
    else:
        text.append("✗ Not shared: the server refused it: ", style="bold")
        text.append(safe(reason))
        text.append(f"\nIt stays here. Once the cause is fixed (your name, the token), "
                    f"`cockpit sync --resend {short(row.id)}` sends a copy as a new entry; "
                    "`cockpit sync` lists every refused entry.")  # fmt: skip
    return text


class HistoryScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,v,q", "close", "Close", id="history_close")]

    def __init__(self, row: Row, tz: tzinfo, refused: tuple[str, bool] | None = None) -> None:
        super().__init__()
        self.row, self.tz = row, tz
        self.refused = refused  # (the server's reason, sent again since)

    def compose(self) -> ComposeResult:
        row = self.row
        status = "redacted" if row.redacted else ("edited" if row.edited else "as written")
        with VerticalScroll():
            yield Static(Text(f"History of an entry ({status})", style="bold"))
            yield Static(history_table(row, self.tz))
            yield Static(Text(safe_multiline(f"\nShown now: {row.text}")))
            if self.refused is not None:
                yield Static(refused_text(row, *self.refused))
            yield Static(Text("Edits and redactions are new events; the log keeps them all. "
                              "Esc closes.", style="dim"))  # fmt: skip

    def action_close(self) -> None:
        self.dismiss(None)
