"""The call view's severity and phase, large: a block of five rows in the severity's colour
with its name, a word and a sign in it (colour is never the only signal: a projector or a
colour-blind viewer still reads `▲▲▲ SEV1 CRITICAL`), and the phase beside it in capitals."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text

from cockpit.core.vocabulary import Severity
from cockpit.tui import colours
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time, short_duration
from cockpit.tui.widgets.content_pane import ContentPane

# The word and the sign each severity carries besides its colour.
WORDS = {Severity.SEV1: "CRITICAL", Severity.SEV2: "MAJOR", Severity.SEV3: "MINOR",
         Severity.SEV4: "LOW"}  # fmt: skip
SIGNS = {Severity.SEV1: "▲▲▲", Severity.SEV2: "▲▲", Severity.SEV3: "▲", Severity.SEV4: "△"}
BLOCK = 16  # the badge's width: the longest word, a sign and a margin


def badge_lines(severity: Severity | None) -> tuple[str, ...]:
    """The badge's five rows, each BLOCK wide: the sign, the severity and its word, with a
    row of colour above and below (as tall as the countdown beside it)."""
    rows = ("", "SEV?", "NOT SET") if severity is None else (
        SIGNS[severity], severity.value, WORDS[severity])  # fmt: skip
    return tuple(row.center(BLOCK) for row in ("", *rows, ""))


class CallStatus(ContentPane):
    DEFAULT_CSS = """
    CallStatus { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._now: datetime | None = None
        self.border_title = "Severity · phase"

    def show(self, session: Session, now: datetime) -> None:
        self._session, self._now = session, now
        self.update_content()

    def build(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        s, now = self._session, self._now
        if s is None or now is None:
            return text
        state = s.state
        sev = state.severity
        badge = colours.severity_badge(self.app, sev)
        phase = state.phase.value.upper()
        since = state.severity_since
        when = (f"{sev.value} since {clock_time(since, s.tz)} ({short_duration(now - since)})"
                if sev is not None and since is not None else "no severity set")  # fmt: skip
        right = (
            ("", Style()),
            ("PHASE", colours.style(self.app, "kind-system")),
            (phase, Style(bold=True)),
            (when, colours.style(self.app, "kind-system")),
            ("", Style()),
        )
        for i, (row, (words, style)) in enumerate(zip(badge_lines(sev), right, strict=True)):
            if i:
                text.append("\n")
            text.append(row, style=badge)
            text.append("  ")
            text.append(words, style=style)
        return text
