"""The top line: incident number, severity badge, `RESTRICTED` when only the people named may
see it (core/restriction.py), title, phase, time since declaration, the monitoring window
counting down after the fix (`monitoring 12:04 left`, cockpit.core.closing), and the
stakeholders' questions waiting on the IC (`inbox 2`, when there are any). Fitted to its width
(header_fit): the title gives way, the facts never do."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core import closing, inbox
from cockpit.core.display import safe
from cockpit.core.restriction import restricted_to
from cockpit.tui import colours
from cockpit.tui.header_fit import MIN_TITLE, fit_header
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

    def parts(self) -> tuple[Text, Text, Text, Text]:
        """(number and severity, title, phase and T+, you), each styled."""
        s = self._session
        if s is None:
            return Text(" cockpit"), Text(""), Text(""), Text("")
        state = s.state
        sev = state.severity
        system = colours.style(self.app, "kind-system")
        head = Text.assemble((f" {s.label} ", "bold"), (f" {sev.value if sev else 'SEV?'} ",
                             colours.severity_badge(self.app, sev)))  # fmt: skip
        if restricted_to(state):  # a word, never only a colour: who sees this matters
            head.append(" RESTRICTED ", colours.style(self.app, "alarm", bold=True, reverse=True))
            head.append(" ")
        if s.watching is not None:  # a fact that never gives way: this screen writes nothing
            badge = colours.style(self.app, "primary", bold=True, reverse=True)
            head = Text.assemble((" WATCHING ", badge), " ", head)
        title = Text(f" {safe(state.title) or '(loading…)'}", style="bold")
        facts = Text.assemble((f"  · {state.phase.value}", system))
        if state.declared_at and self._now:
            facts.append(f" · T+{duration(self._now - state.declared_at)}")
        window = closing.counting(state, self._now, s.monitor) if self._now else None
        if window is not None and self._now is not None:  # after the fix: watch, then resolve
            facts.append(" · ")
            facts.append(f"monitoring {duration(window.left(self._now))} left",
                         style=colours.style(self.app, "primary", bold=True))  # fmt: skip
        waiting = inbox.unanswered_count(state) if s.watching is None else 0
        if waiting:  # a stakeholder waits on the IC: where the IC looks, never cut
            facts.append(" · ")
            facts.append(
                f"inbox {waiting}", style=colours.style(self.app, "kind-question", bold=True)
            )
        you = Text(f" · you: {safe(s.author)}", style=system) if s.watching is None else Text("")
        return head, title, facts, you

    def min_width(self, title: int = MIN_TITLE) -> int:
        """The cells the facts need, with `title` of the title's: the sync status gets the
        rest."""
        head, whole, facts, _you = self.parts()
        return head.cell_len + min(whole.cell_len, title) + facts.cell_len

    def build(self) -> Text:
        self._fitted_to = self.size.width
        return fit_header(*self.parts(), self.size.width)

    def render(self) -> Text:
        # Fitted to the width it has when painted: a build made before the last layout (the
        # sync status took more room) would keep the title and lose the facts at the right.
        if getattr(self, "_fitted_to", None) != self.size.width:
            self.update_content()
        return super().render()

    def on_resize(self) -> None:
        self.update_content()
