"""The call view's latest timeline entries, newest at the bottom: as many as fit whole, each
wrapped to the pane's width (never cut at its right edge, never half shown at the top).

Built at render time for the pane's size, and kept until the timeline, the size or the
theme changes: a tick or a poll with nothing new costs nothing here."""

from __future__ import annotations

from datetime import tzinfo
from typing import cast

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from cockpit.core import events as ev
from cockpit.core import kinds
from cockpit.core.display import safe
from cockpit.core.timeline import Row, Timeline
from cockpit.tui import colours
from cockpit.tui.timefmt import clock_time

SCAN = 200  # rows looked at, at most: far more than a screen of whole entries


class CallTimeline(Widget):
    DEFAULT_CSS = """
    CallTimeline { height: 1fr; }
    """

    def __init__(self, timeline: Timeline, tz: tzinfo, **kwargs) -> None:
        super().__init__(**kwargs)
        self.timeline, self.tz = timeline, tz
        self.border_title = "Latest"
        self._key: tuple[int, int, int] | None = None
        self._text = Text()

    def show(self) -> None:
        """Repaint if the timeline moved since the last picture."""
        if self._key is None or self._key[0] != self.timeline.version:
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._key = None  # a theme change: colours come from it

    def entry(self, row: Row) -> Text:
        kind = kinds.of(row.kind)
        src = row.src
        label = kind.labels(None if src.plain else src.body)[0]
        variable = kind.colour
        if row.kind == "severity_set" and not row.unknown:
            variable = cast(ev.SeveritySet, row.event.body).severity.value.lower()
        first, _, more = row.text.partition("\n")
        words = safe(first)
        if more:
            words += f"  ⏎ +{more.count(chr(10)) + 1} lines"
        if row.edited and not row.redacted:
            words += "  (edited)"
        dim = colours.style(self.app, "kind-system")
        text = Text()
        text.append(f"{clock_time(row.at, self.tz)} ", style=dim)
        text.append(safe(row.author), style="bold")
        if row.recorded_by:
            text.append(f" (via {safe(row.recorded_by)})", style=dim)
        text.append(f" {label.upper()} ", style=colours.style(self.app, variable, bold=True))
        style = Style(italic=True) + dim if row.redacted else (
            colours.style(self.app, variable) if kind.loud else Style()
        )  # fmt: skip
        text.append(words, style=style)
        return text

    def build(self, width: int, height: int) -> Text:
        """The newest entries that fit whole in `width` x `height`, oldest of them first."""
        picked: list[Text] = []
        used = 0
        console = self.app.console
        for row in reversed(self.timeline.rows[-SCAN:]):
            text = self.entry(row)
            rows = len(text.wrap(console, width)) if width > 0 else 1
            if picked and used + rows > height:
                break
            picked.append(text)
            used += rows
            if used >= height:
                break
        return Text("\n").join(reversed(picked))

    def render(self) -> Text:
        size = self.content_size
        key = (self.timeline.version, size.width, size.height)
        if key != self._key:
            self._key = key
            self._text = self.build(size.width, size.height)
        return self._text.copy()
