"""The selected entry in full, under the timeline.

The timeline keeps one line per entry (the Line API, for speed), so a long note, a decision
with its reasons or pasted evidence shows only its start there. Select it (↑) and this panel
shows all of it, wrapped, with its lines as pasted, and what the line cannot say: its kind,
author, the time with its date, its tags, and whether it was edited, redacted or pinned. It
follows the selection and is hidden without one. Its height is fixed while shown, so moving
the selection repaints it without reflowing the screen; what does not fit says how much more
there is (v shows the entry's history, whole).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.widget import Widget

from cockpit.core.display import safe, safe_lines
from cockpit.core.timeline import Row
from cockpit.tui import colours, keymap


class EntryDetail(Widget):
    DEFAULT_CSS = """
    EntryDetail {
        height: 7; display: none; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis;  /* wrapped here, to its width */
    }
    EntryDetail.-show { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.row: Row | None = None
        self.tz: tzinfo | None = None
        self.origin: datetime | None = None
        self.pinned = False
        self._shown: tuple | None = None  # what was drawn, to repaint only on a change

    def show(self, row: Row | None, tz: tzinfo, origin: datetime | None = None,
             pinned: bool = False) -> None:  # fmt: skip
        """Show `row` (None hides the panel). Cheap when nothing changed."""
        key = None if row is None else (row.id, row.gen, row.edited, row.redacted, pinned, tz)
        if key == self._shown:
            return
        self._shown = key
        self.row, self.tz, self.origin, self.pinned = row, tz, origin, pinned
        self.set_class(row is not None, "-show")
        self.refresh()

    def header(self, width: int) -> list[Text]:
        """Kind, author, full time, tags and the entry's state: as many lines as `width`
        needs, broken between the facts, never inside one."""
        row, tz = self.row, self.tz
        if row is None or tz is None:
            return []
        dim = colours.style(self.app, "kind-system")
        when = row.at.astimezone(tz)
        facts = [
            Text(row.kind.replace("_", " "), style=colours.style(self.app, "accent", bold=True)),
            Text(safe(row.author), style="bold"),
            Text(when.strftime("%a %Y-%m-%d %H:%M:%S %Z").strip(), style=dim),
        ]
        if self.origin is not None:
            seconds = int((row.at - self.origin).total_seconds())
            h, rest = divmod(abs(seconds), 3600)
            facts.append(Text(f"T{'-' if seconds < 0 else '+'}{h:02d}:{rest // 60:02d}", style=dim))
        if row.tags:
            facts.append(Text(" ".join(f"#{safe(t)}" for t in sorted(row.tags)), style=dim))
        state = []
        if row.redacted:
            state.append("redacted")
        elif row.edited:
            edits = sum(1 for e in row.history if e.kind == "entry_edited")
            state.append(f"edited {edits}×" if edits > 1 else "edited")
        if self.pinned:
            state.append("pinned")
        if state:
            history = keymap.hint(self.app, "history")
            facts.append(Text(f"{', '.join(state)} ({history}: history)",
                              style=colours.style(self.app, "warning")))  # fmt: skip
        lines = [Text(end="")]
        for fact in facts:
            line = lines[-1]
            if line.cell_len and line.cell_len + 3 + fact.cell_len > width:
                lines.append(Text(end=""))
                line = lines[-1]
            if line.cell_len:
                line.append(" · ", style=dim)
            line.append_text(fact)
        return lines

    def body(self, width: int, height: int) -> list[Text]:
        """The entry's text, its lines as written, wrapped to `width`, in `height` lines."""
        row = self.row
        if row is None or height <= 0:
            return []
        style = "italic" if row.redacted else ""
        lines: list[Text] = []
        for line in safe_lines(row.text) or [""]:
            wrapped = Text(line.expandtabs(4), style=style).wrap(self.app.console, max(1, width))
            lines.extend(wrapped)
        if len(lines) > height:
            more = len(lines) - height + 1
            hint = keymap.hint(self.app, "history")
            lines = [*lines[: height - 1], Text(f"… {more} more line{'s' if more > 1 else ''} ({hint}: all of it)",
                                                style=colours.style(self.app, "kind-system"))]  # fmt: skip
        return lines

    def render(self) -> Text:
        width, height = self.content_size.width, self.content_size.height
        if self.row is None or height <= 0:
            return Text("")
        head = self.header(width)[:height]
        return Text("\n", end="").join([*head, *self.body(width, height - len(head))])
