"""The call view's next-update countdown, in large digits (Textual's `Digits`) with its words
below: which audience, when, and `▲ OVERDUE` in words once it is late (colour is never the
only signal).

Cheap to tick: the digits always hold the same number of characters (padded), so each
second is a repaint of this widget, never a layout of the screen; the words change only
when the clock does (a new update, a severity change, the moment it becomes overdue)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from cockpit.core.cadence import UpdateClock
from cockpit.tui import keymap
from cockpit.tui.timefmt import clock_time, duration

WIDTH = 8  # characters in the digits: `+1:02:03` (a cadence is at most a day)


def digits_value(clock: UpdateClock, now: datetime) -> str:
    """The time to the update (`+` and the time past it once overdue), padded on both sides
    to WIDTH characters so that the digits stay where they are as they count."""
    left = clock.remaining(now)
    value = "--:--" if left is None else ("+" if clock.overdue(now) else "") + duration(left)
    pad = max(0, WIDTH - len(value))
    return " " * (pad // 2) + value + " " * (pad - pad // 2)


class CallCountdown(Vertical):
    DEFAULT_CSS = """
    CallCountdown { height: auto; }
    CallCountdown > Digits { width: 100%; text-align: center; text-style: bold; }
    CallCountdown > Static { width: 100%; height: auto; text-align: center; }
    CallCountdown.-overdue > Digits { color: $alarm; }
    CallCountdown.-overdue > #call-clock-words { color: $alarm; text-style: bold; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Next update"
        self.overdue = False
        self._words = ""
        self.digits = Digits(" " * WIDTH, id="call-clock-digits")
        self.said = Static("", id="call-clock-words", markup=False)

    def compose(self) -> ComposeResult:
        yield self.digits
        yield self.said

    def show(self, clocks: list[UpdateClock], now: datetime, tz: tzinfo) -> None:
        """Repaint (`clocks`: soonest first, as the main countdown gets them)."""
        clock = clocks[0]
        overdue = clock.overdue(now)
        if overdue != self.overdue:
            self.overdue = overdue
            self.set_class(overdue, "-overdue")
        self.digits.update(digits_value(clock, now))
        words = self.words(clocks, now, tz)
        if words != self._words:  # a layout only when the words change (rarely)
            self._words = words
            self.said.update(words)

    def words(self, clocks: list[UpdateClock], now: datetime, tz: tzinfo) -> str:
        c = clocks[0]
        if c.due is None:
            why = "no cadence for this severity" if c.cadence_minutes is None else "incident over"
            return f"No update due\n({why})"
        who = c.audience.value
        said = []
        if c.overdue(now):
            first = f"▲ OVERDUE — {who}, due at {clock_time(c.due, tz)}"
            said.append(keymap.offer(self.app, "update", "press {key}"))
        else:
            first = f"{who}, due at {clock_time(c.due, tz)}"
        if c.promised_minutes and c.promised_minutes != c.cadence_minutes:
            said.append(f"as promised ({c.promised_minutes}m)")
        if c.cadence_minutes:
            said.append(f"every {c.cadence_minutes}m")
        then = clocks[1] if len(clocks) > 1 else None
        if then is not None and then.due is not None:
            said.append(f"then {then.audience.value} {clock_time(then.due, tz)}")
        return f"{first}\n{' · '.join(x for x in said if x)}"
