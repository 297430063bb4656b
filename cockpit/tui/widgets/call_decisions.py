"""The call view's last three decisions, newest last, each whole (wrapped, never cut): what
the team decided is what a newcomer on the call asks first. Read from the timeline, so an
edit shows its new words and a redaction hides them here too."""

from __future__ import annotations

from rich.text import Text

from cockpit.core.display import safe, safe_lines
from cockpit.core.timeline import Row, Timeline
from cockpit.tui import colours
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time
from cockpit.tui.widgets.wrapped_pane import WrappedPane

LAST = 3


def last_of_kind(timeline: Timeline, kind: str, count: int) -> list[Row]:
    """The last `count` rows of `kind`, oldest first (from the end: a few steps, usually)."""
    found: list[Row] = []
    for i in range(len(timeline) - 1, -1, -1):
        if timeline.kind_at(i) == kind:  # (without building every row it passes)
            found.append(timeline[i])
            if len(found) == count:
                break
    return found[::-1]


class CallDecisions(WrappedPane):
    DEFAULT_CSS = """
    CallDecisions { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._seen: int | None = None  # the timeline's version the rows below are of
        self._rows: list[Row] = []
        self.border_title = "Last decisions"

    def show(self, session: Session) -> None:
        self._session = session
        if session.timeline.version != self._seen:  # a scan only when the timeline moved
            self._seen = session.timeline.version
            self._rows = last_of_kind(session.timeline, "decision", LAST)
        self.update_content()

    def build(self) -> Text:
        text = Text()  # wraps: a decision is never cut
        s = self._session
        if s is None:
            return text
        if not self._rows:
            text.append("No decision recorded yet", style=colours.style(self.app, "kind-system"))
            return text
        dim = colours.style(self.app, "kind-system")
        loud = colours.style(self.app, "kind-decision", bold=True)
        for i, row in enumerate(self._rows):
            if i:
                text.append("\n")
            text.append(f"{clock_time(row.at, s.tz)} ", style=dim)
            text.append(f"{safe(row.author)}: ", style="bold")
            style = dim if row.redacted else loud
            text.append("\n".join(safe_lines(row.text)), style=style)
        return text
