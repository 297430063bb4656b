"""The call view's mitigation in flight: what, by whom, and for how long, wrapped whole (never
cut: this is what the call is waiting on). None in flight: the last one's outcome."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core.display import safe
from cockpit.tui import colours, keymap
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time, short_duration
from cockpit.tui.widgets.wrapped_pane import WrappedPane


class CallMitigation(WrappedPane):
    DEFAULT_CSS = """
    CallMitigation { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._now: datetime | None = None
        self.border_title = "Mitigation in flight"

    def show(self, session: Session, now: datetime) -> None:
        self._session, self._now = session, now
        self.update_content()

    def build(self) -> Text:
        text = Text()  # wraps: the action is never cut
        s, now = self._session, self._now
        if s is None or now is None:
            return text
        dim = colours.style(self.app, "kind-system")
        flying = s.state.mitigations_in_flight()
        if not flying:
            text.append("None in flight", style=dim)
            text.append(keymap.offer(self.app, "mitigate", " ({key} starts one)"), style=dim)
            done = [m for m in s.state.all_mitigations() if m.outcome is not None]
            if done and (outcome := done[-1].outcome) is not None:
                text.append(f"\nLast: {safe(done[-1].what)} → {outcome.value.replace('_', ' ')}")
            return text
        m = flying[-1]
        text.append(safe(m.what), style=colours.style(self.app, "kind-action", bold=True))
        text.append(f"\nfor {short_duration(now - m.started_at)}", style="bold")
        text.append(f" · by {safe(m.by)} · since {clock_time(m.started_at, s.tz)}")
        if len(flying) > 1:
            text.append(f"\n▲ {len(flying) - 1} more in flight (override)",
                        style=colours.style(self.app, "alarm", bold=True))  # fmt: skip
        return text
