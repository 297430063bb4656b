"""F1: every key, what it does, and the practice behind the screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cockpit.core.display import safe
from cockpit.tui.keymap import (
    ACTIONS,
    SELECTION_IDS,
    follower_actions,
    key_for,
    key_label,
    watching,
)

PRACTICE = (
    "One mitigating action at a time, so the team can tell which one worked.",
    "Delegate to a named person, with a time limit; it is delegated only once they acknowledge.",
    "Status updates on a cadence, per audience (responders: SEV1 every 20 min, SEV2 30, SEV3 60);",
    "each says when the next comes, in SBAR or CAN; never promise a time of resolution.",
    "Severity: pick the higher one when unsure; it can always change later, with a reason.",
    "Always be doing something: when nothing is in flight, the IC breaks the deadlock.",
)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: thick $primary; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,f1,q", "close", "Close help", id="help_close"),
    ]

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "keymap_overrides", {})
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)  # the id, to remap it in the config file
        table.add_row(Text("key", style="dim"), Text("what it does", style="dim"), "id")
        follower = watching(self.app)  # only what a follower may do: it never writes
        actions = follower_actions() if follower else ACTIONS
        for a in actions:
            # keys from the config file
            table.add_row(safe(key_label(key_for(a.id, keymap))), a.help, a.id)
        ids = [a.id for a in actions if a.id in SELECTION_IDS]
        selection = " ".join(safe(key_label(key_for(i, keymap))) for i in ids)
        table.add_row("ctrl+p", "Command palette: every action by name, themes, checklist items")
        if not follower:
            table.add_row(
                "ctrl+o", "In the entry bar: switch the kind (note, decision, evidence...)"
            )
            table.add_row(
                "→", "In the entry bar: accept the @name suggested (names in the incident)"
            )
            table.add_row(
                "F2, ctrl+s", "In the entry bar: several lines, kept verbatim; ctrl+s saves"
            )
        table.add_row(
            "↑ ↓, end", f"In the timeline: select an entry (then {selection}); end follows"
        )
        if not follower:
            table.add_row("c r a", "In the common ground: confirm, rule out, answer")
            table.add_row("space", "In the checklist: tick or untick the item under the cursor")
        else:
            table.add_row("← →", "In the checklist: the other checklists")
        practice = Text("\n".join(f"• {p}" for p in PRACTICE))
        remap = Text(
            "Remap any key in the config file by its id (the last column), e.g. "
            'keys = { note = "ctrl+n" }.',
            style="italic",
        )
        with VerticalScroll():
            yield Static(Text("Cockpit keys" + (": watching, read-only" if follower else ""),
                              style="bold"))  # fmt: skip
            yield Static(table)
            yield Static(Text("\nThe practice", style="bold"))
            yield Static(practice)
            yield Static(remap)
            yield Static(Text("Esc or F1 closes this.", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
