"""Next stakeholder update: a fixed-size countdown, repainted (never reflowed) when its text
changes. Each audience has its own cadence (cockpit.core.cadence): the pane counts down to
the update due soonest and names its audience, and the one after it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core.rules import UpdateClock
from cockpit.tui import keymap
from cockpit.tui.timefmt import clock_time, duration
from cockpit.tui.widgets.content_pane import ContentPane


class UpdateCountdown(ContentPane):
    DEFAULT_CSS = """
    UpdateCountdown.-overdue { color: $alarm; text-style: bold reverse; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Next update"
        self.clock: UpdateClock | None = None
        self.then: UpdateClock | None = None  # the next audience due after that one
        self.now: datetime | None = None
        self.tz = None
        self.overdue = False

    def show(self, clocks: list[UpdateClock] | UpdateClock, now: datetime, tz) -> bool:
        """Repaint (`clocks`: soonest first); returns True when this call is the moment the
        soonest became overdue."""
        if isinstance(clocks, UpdateClock):
            clocks = [clocks]
        clock = clocks[0]
        self.clock, self.now, self.tz = clock, now, tz
        self.then = clocks[1] if len(clocks) > 1 else None
        overdue = clock.overdue(now)
        became = overdue and not self.overdue
        if overdue != self.overdue:
            self.overdue = overdue
            self.set_class(overdue, "-overdue")
        self.update_content()
        return became

    def build(self) -> Text:
        c, now = self.clock, self.now
        if c is None or now is None:
            return Text("")
        if c.due is None:
            why = "no cadence for this severity" if c.cadence_minutes is None else "incident over"
            return Text(f"No update due ({why})", no_wrap=True, overflow="ellipsis")
        left = c.due - now
        who = c.audience.value
        if self.overdue:
            line = (
                f"{who} OVERDUE by {duration(left)}"
                f"{keymap.offer(self.app, 'update', ' — press {key}')}"
            )
        else:
            line = f"{who} in {duration(left)} (at {clock_time(c.due, self.tz)})"
        # The severity's cadence, and apart from it what the last update promised: a promise
        # (`next in 1`) is not the cadence, and it must not hide a severity change.
        said = []
        if c.promised_minutes and c.promised_minutes != c.cadence_minutes:
            said.append(f"as promised ({c.promised_minutes}m)")
        if c.cadence_minutes:
            said.append(f"cadence every {c.cadence_minutes}m")
        t = self.then
        if t is not None and t.due is not None:
            said.append(f"then {t.audience.value} {clock_time(t.due, self.tz)}")
        return Text(f"{line}\n{', '.join(said)}", no_wrap=True, overflow="ellipsis")
