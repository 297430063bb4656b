"""What each destination will receive, as `cockpit.core.updates.render` makes it for its type:
the same function the sender uses, so the preview is what goes out. Every line is shown safe
(`safe_lines`): the text is what people typed and what the record says."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from cockpit.core.display import safe, safe_lines
from cockpit.core.update_destinations import Destination


class UpdatePreview(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    UpdatePreview { border: round $primary 50%; padding: 0 1; }
    UpdatePreview > Static { width: 100%; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Preview"
        self._body = Static("", markup=False)
        self.shown = ""  # the text shown, as plain text (tests read it)

    def compose(self):
        yield self._body

    def show(self, previews: list[tuple[Destination, str]], configured: bool) -> None:
        out = Text()
        if not previews:
            out.append("Recorded in the timeline only", style="bold")
            out.append("\n")
            out.append(
                "Pick where it goes below (Tab, then space)."
                if configured
                else "No destinations configured: ctrl+o copies it to paste anywhere; "
                "[destinations.NAME] in the config sends it (README).",
                style="dim",
            )
        for n, (dest, text) in enumerate(previews):
            if n:
                out.append("\n\n")
            out.append(f"→ {safe(dest.name)} ({safe(dest.type)})", style="bold")
            for line in safe_lines(text):
                out.append("\n" + line)
        self.shown = out.plain
        self._body.update(out)
