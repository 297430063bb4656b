"""The call view's people: who holds Incident Commander, tech lead and comms, and since
when. An empty one says so in words (`— nobody —`), not only in red."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core.display import safe
from cockpit.core.vocabulary import Role
from cockpit.tui import colours, keymap
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time, short_duration
from cockpit.tui.widgets.wrapped_pane import WrappedPane

CALL_ROLES = ((Role.IC, "IC"), (Role.TECH_LEAD, "Tech lead"), (Role.COMMS_LEAD, "Comms"))
TITLE_WIDTH = 11


class CallRoles(WrappedPane):
    DEFAULT_CSS = """
    CallRoles { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._now: datetime | None = None
        self.border_title = "Who"

    def show(self, session: Session, now: datetime) -> None:
        self._session, self._now = session, now
        self.update_content()

    def build(self) -> Text:
        text = Text()  # wraps: a long name is never cut
        s, now = self._session, self._now
        if s is None or now is None:
            return text
        for i, (role, title) in enumerate(CALL_ROLES):
            if i:
                text.append("\n")
            holders = s.state.holders(role)
            if not holders:
                empty = colours.style(self.app, "role-empty", bold=True)
                text.append(title.ljust(TITLE_WIDTH), style=empty)
                text.append("— nobody —", style=empty)
                text.append(keymap.offer(self.app, "assign", " ({key} assigns)"),
                            style=colours.style(self.app, "kind-system"))  # fmt: skip
                continue
            text.append(title.ljust(TITLE_WIDTH),
                        style=colours.style(self.app, colours.role_variable(role), bold=True))  # fmt: skip
            text.append(", ".join(safe(h.person) for h in holders), style="bold")
            if len(holders) == 1:
                since = holders[0].since
                text.append(f"  since {clock_time(since, s.tz)} ({short_duration(now - since)})",
                            style=colours.style(self.app, "kind-system"))  # fmt: skip
        return text
