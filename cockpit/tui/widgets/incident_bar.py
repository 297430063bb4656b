"""The top line: incident number, severity badge, title, phase and time since declaration."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core.display import safe
from cockpit.tui import colours
from cockpit.tui.session import Session
from cockpit.tui.timefmt import duration
from cockpit.tui.widgets.content_pane import ContentPane


class IncidentBar(ContentPane):
    DEFAULT_CSS = """
    IncidentBar { height: 1; width: 1fr; background: $panel; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._now: datetime | None = None

    def show(self, session: Session, now: datetime) -> None:
        self._session, self._now = session, now
        self.update_content()

    def build(self) -> Text:
        s = self._session
        if s is None:
            return Text(" cockpit")
        state = s.state
        sev = state.severity
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {s.label} ", style="bold")
        text.append(
            f" {sev.value if sev else 'SEV?'} ", style=colours.severity_badge(self.app, sev)
        )
        text.append(f" {safe(state.title) or '(loading…)'}", style="bold")
        text.append(f"  · {state.phase.value}", style=colours.style(self.app, "kind-system"))
        if state.declared_at and self._now:
            text.append(f" · T+{duration(self._now - state.declared_at)}")
        text.append(f" · you: {safe(s.author)}", style=colours.style(self.app, "kind-system"))
        return text
