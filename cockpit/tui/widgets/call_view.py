"""The call view: the main screen laid out to be shared on a video call (1280x720, a
projector). Severity and phase large, the next update in large digits, the mitigation in
flight, who holds IC / tech lead / comms, the last decisions, the open questions and the
latest entries, each whole: wrapped, never cut, no pane narrower than 40 columns.

Mounted the first time `V` is pressed (the first frame of the cockpit never pays for it) and
kept: the screen's header, entry bar, banner and footer stay around it, so every key and the
live updates work as in the full view (MainScreen shows it with its `-call` class)."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from cockpit.tui.session import Session
from cockpit.tui.widgets.call_countdown import CallCountdown
from cockpit.tui.widgets.call_decisions import CallDecisions
from cockpit.tui.widgets.call_mitigation import CallMitigation
from cockpit.tui.widgets.call_questions import CallQuestions
from cockpit.tui.widgets.call_roles import CallRoles
from cockpit.tui.widgets.call_status import CallStatus
from cockpit.tui.widgets.call_timeline import CallTimeline


class CallView(Vertical):
    # Not in main.tcss: parsed the first time `V` mounts the view, not at every start. Global
    # (not scoped to CallView): the screen's `-call` and `-compact` classes select them. Two
    # columns, each at least 40 wide; borders carry the titles, thinner on a small screen.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #call { display: none; height: 1fr; }
    MainScreen.-call #call { display: block; }
    #call-top { height: auto; }
    #call-main { height: 1fr; }
    #call-status, #call-countdown, #call-left, #call-timeline { width: 1fr; min-width: 40; }
    #call-left { height: 1fr; scrollbar-size-vertical: 1; }
    #call-top > *, #call-left > *, #call-main > CallTimeline {
        border: round $foreground 45%;
        border-title-color: $foreground;
        border-title-style: bold;
        padding: 0 1;
    }
    #call-countdown.-overdue { border: heavy $alarm; background: $alarm 15%; }
    MainScreen.-compact #call-top > *, MainScreen.-compact #call-left > *,
    MainScreen.-compact #call-main > CallTimeline { border: none; border-top: solid $foreground 45%; }
    MainScreen.-compact #call-countdown.-overdue { border: none; border-top: heavy $alarm; }
    """

    def __init__(self, session: Session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.ready = False  # mounted: its panes take what they show

        # Kept, not queried: the screen asks on every poll and every tick.
        self.status = CallStatus(id="call-status")
        self.countdown = CallCountdown(id="call-countdown")
        self.mitigation = CallMitigation(id="call-mitigation")
        self.roles = CallRoles(id="call-roles")
        self.decisions = CallDecisions(id="call-decisions")
        self.questions = CallQuestions(id="call-questions")
        self.latest = CallTimeline(session.timeline, session.tz, id="call-timeline")
        # It has the keys in the call view (↑↓ scroll the facts): the full view's timeline,
        # out of sight, must not (nor be given them back when a form closes).
        self.facts = VerticalScroll(id="call-left")

    def compose(self) -> ComposeResult:
        with Horizontal(id="call-top"):
            yield self.status
            yield self.countdown
        with Horizontal(id="call-main"):
            # The facts, most wanted first; more than fits scrolls (a scrollbar says so),
            # never cut. The latest entries take the other column, whole ones only.
            with self.facts:
                yield self.mitigation
                yield self.roles
                yield self.decisions
                yield self.questions
            yield self.latest

    def on_mount(self) -> None:
        self.ready = True
        self.facts.focus()
        if self.session.loaded:  # mounted on first use: show what is there at once
            self.show(self.session.now())

    def show(self, now: datetime) -> None:
        """Everything, as of `now` (after a change: a poll, a sync, a save)."""
        if not self.ready:
            return  # on_mount shows it
        s = self.session
        self.status.show(s, now)
        self.mitigation.show(s, now)
        self.roles.show(s, now)
        self.decisions.show(s)
        self.questions.show(s)
        self.latest.show()
        self.tick(now)

    def tick(self, now: datetime) -> None:
        """Once a second: the countdown only (a repaint of its digits)."""
        if self.ready:
            s = self.session
            self.countdown.show(s.update_clocks(), now, s.tz)

    def minute(self, now: datetime) -> None:
        """Once a minute: the ages (severity since, mitigation for, roles since)."""
        if self.ready:
            s = self.session
            self.status.show(s, now)
            self.mitigation.show(s, now)
            self.roles.show(s, now)
