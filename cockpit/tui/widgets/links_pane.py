"""The incidents linked to this one, live: its parent, its child workstreams (each with its
severity, phase, lead and current mitigation) and the others (caused by, duplicate...).

The federated command of a large event: the parent's IC sees every workstream at a glance,
as each child's own screen and scripts change it (read from the file at the screen's poll).
A linked incident this reader cannot see shows as such. Hidden while there are no links;
the links key opens the full view (open one, link, unlink).
"""

from __future__ import annotations

from rich.text import Text

from cockpit.core.display import safe
from cockpit.core.neighbours import Linked
from cockpit.tui import colours, keymap
from cockpit.tui.widgets.content_pane import ContentPane


class LinksPane(ContentPane):
    DEFAULT_CSS = """
    LinksPane { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Linked] = []
        self.display = False

    def show(self, rows: list[Linked]) -> None:
        if rows == self.rows and self.display == bool(rows):
            return
        self.rows = rows
        self.display = bool(rows)
        children = sum(1 for r in rows if r.is_child)
        others = len(rows) - children
        parts = [f"Workstreams {children}" if children else "", f"Links {others}" if others else ""]
        self.border_title = (
            " · ".join(p for p in parts if p) + f" ({keymap.hint(self.app, 'links')})"
        )
        self.update_content()

    def build(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        quiet = colours.style(self.app, "kind-system")
        for i, r in enumerate(self.rows):
            if i:
                text.append("\n")
            if not r.is_child:
                text.append(f"{r.words} ", style=quiet)
            w = r.other
            if w is None:
                text.append(safe(r.name))
                text.append(" not visible here", style=quiet)
                continue
            text.append(w.label, style=colours.style(self.app, "foreground", bold=True))
            text.append(" ")
            text.append(w.severity.value if w.severity else "SEV?",
                        style=colours.severity_badge(self.app, w.severity))  # fmt: skip
            text.append(f" {w.phase.value}", style=quiet)
            text.append(f" {safe(w.lead)}" if w.lead else " no lead")
            if w.mitigation:
                text.append(f": {safe(w.mitigation)}", style=colours.style(self.app, "kind-action"))
            elif r.is_child or r.is_parent:
                text.append(f": {safe(w.title)}", style=quiet)
        return text
