"""The role board: each role, who holds it and since when; empty critical roles stand out.
`r` turns it to the roster (who is on the call, time on duty, breaks: roster_text.py) and back."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from cockpit.core import closing
from cockpit.core.display import safe
from cockpit.core.vocabulary import Role
from cockpit.tui import colours, keymap
from cockpit.tui.session import Session
from cockpit.tui.timefmt import clock_time, short_duration
from cockpit.tui.widgets.content_pane import ContentPane

SHORT_TITLES = {
    Role.IC: "IC", Role.DEPUTY_IC: "Deputy IC", Role.TECH_LEAD: "Tech lead",
    Role.COMMS_LEAD: "Comms", Role.SCRIBE: "Scribe", Role.SME: "SME",
    Role.SUPPORT_LEAD: "Support", Role.EXEC_SPONSOR: "Exec",
}  # fmt: skip


class RoleBoard(ContentPane):
    DEFAULT_CSS = """
    RoleBoard { height: auto; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._now: datetime | None = None
        self.roster = False  # showing the roster instead of the roles
        self.border_title = "Roles"

    def show(self, session: Session, now: datetime) -> None:
        self._session, self._now = session, now
        self.update_content()

    def toggle_roster(self) -> None:
        self.roster = not self.roster
        self.set_class(self.roster, "-roster")
        self.border_title = "On the call" if self.roster else "Roles"
        self.border_subtitle = f"{keymap.hint(self.app, 'roster')}: roles" if self.roster else ""
        self.update_content()

    def build(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        s = self._session
        if s is None:
            return text
        if self.roster and self._now is not None:
            from cockpit.tui.roster_text import roster_text

            return roster_text(self.app, s.state, self._now, s.thresholds, s.tz)
        board = s.state.role_board()
        down = closing.stood_down(s.state)  # the all-clear: released, not missing
        lines = 0
        for role, holders in board.items():
            if not holders and not role.critical:
                continue  # unfilled optional roles stay out of the way (F1 lists them)
            if lines:
                text.append("\n")
            lines += 1
            title = SHORT_TITLES[role].ljust(10)
            if not holders and down is not None:
                system = colours.style(self.app, "kind-system")
                text.append(title, style=system)
                text.append(f"— stood down {clock_time(down.at, s.tz)} —", style=system)
                continue
            if not holders:
                text.append(title, style=colours.style(self.app, "role-empty", bold=True))
                text.append(
                    f"— empty{keymap.offer(self.app, 'assign', ': press {key} to assign')} —",
                    style=colours.style(self.app, "role-empty", bold=True),
                )
                continue
            text.append(
                title, style=colours.style(self.app, colours.role_variable(role), bold=True)
            )
            names = ", ".join(safe(h.person) for h in holders)
            text.append(names)
            if len(holders) == 1 and self._now is not None:
                since = holders[0].since
                text.append(
                    f"  {clock_time(since, s.tz)} ({short_duration(self._now - since)})",
                    style=colours.style(self.app, "kind-system"),
                )
        return text
