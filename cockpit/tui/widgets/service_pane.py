"""The incident's service, from the catalog: owner, on-call, runbooks, direct dependencies
(with their open incidents), and the service's runbook checklist, in a few lines.

Hidden while the incident names no service, or no catalog is kept. A service the catalog
does not know says so in one line (`cockpit service` lists the catalog).
"""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape

from cockpit.core.display import safe
from cockpit.core.ownership import Facts
from cockpit.tui import colours, keymap
from cockpit.tui.widgets.content_pane import ContentPane


class ServicePane(ContentPane):
    DEFAULT_CSS = """
    ServicePane { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.facts: Facts | None = None
        self.display = False

    def show(self, facts: Facts | None) -> None:
        if facts == self.facts:
            return
        self.facts = facts
        self.display = facts is not None
        if facts is not None:
            tier = f" · tier {facts.tier}" if facts.tier else ""
            title = f"Service: {escape(safe(facts.name))}{escape(safe(tier))}"  # a user's file
            if title != self.border_title:
                self.border_title = title
        self.update_content()

    def build(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        f = self.facts
        if f is None:
            return text
        quiet = colours.style(self.app, "kind-system")
        alarm = colours.style(self.app, "alarm", bold=True)
        lines: list[list[tuple[str, object]]] = []
        if not f.known:
            lines.append([("not in the catalog", quiet)])
        else:
            lines.append([("Owner ", quiet), (safe(f.owner_shown or "nobody named"), None)])
            oncall = ", ".join(safe(str(c)) for c in f.oncall) or "nobody named"
            lines.append([("On-call ", quiet), (oncall, None)])
            if f.runbooks:
                more = f"(+{len(f.runbooks) - 1}) " if len(f.runbooks) > 1 else ""
                first = f.runbooks[0]
                title = f"{safe(first.title)} " if first.title else ""
                lines.append(
                    [("Runbook ", quiet), (title, None), (more, quiet), (safe(first.url), quiet)]
                )  # the address: cut last, if at all
            if f.dependencies:
                parts: list[tuple[str, object]] = [("Deps ", quiet)]
                for i, d in enumerate(f.dependencies):
                    parts.append((", " if i else "", None))
                    parts.append((safe(d.name), None))
                    if d.open:
                        w = d.open[0]
                        sev = w.severity.value if w.severity else "open"
                        parts.append((f" {w.label} {sev}", alarm))
                lines.append(parts)
        for w in f.open:
            sev = w.severity.value if w.severity else "SEV?"
            lines.append([("Also open ", quiet), (f"{w.label} {sev}", alarm),
                          (f" {safe(w.title)}", None)])  # fmt: skip
        for c in f.checklists:
            hint = f" ({keymap.hint(self.app, 'checklist')} →)"
            lines.append([("Runbook checklist ", quiet), (safe(c.title), None), (hint, quiet)])
        for i, parts in enumerate(lines):
            if i:
                text.append("\n")
            for chunk, style in parts:
                text.append(chunk, style=style)  # type: ignore[arg-type]
        return text
