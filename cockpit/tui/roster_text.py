"""The role board's other face (`r`): who is on the call, their roles, time on duty and since
their last break (a break due stands out), then who left. Built as one Text for the pane
(RoleBoard shows it; this only words it)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import App

from cockpit.core import roster
from cockpit.core.display import safe
from cockpit.core.nudges import Thresholds
from cockpit.core.state import IncidentState
from cockpit.core.timefmt import span_words
from cockpit.core.vocabulary import Role
from cockpit.tui import colours, keymap
from cockpit.tui.timefmt import clock_time, short_duration

SHORT = {Role.IC: "IC", Role.DEPUTY_IC: "Deputy", Role.TECH_LEAD: "Tech", Role.COMMS_LEAD:
         "Comms", Role.SCRIBE: "Scribe", Role.SME: "SME", Role.SUPPORT_LEAD: "Support",
         Role.EXEC_SPONSOR: "Exec"}  # fmt: skip


def roster_text(app: App, state: IncidentState, now: datetime, t: Thresholds, tz) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    members = roster.roster(state, now)
    if not members:
        text.append("Nobody yet." + keymap.offer(app, "record_break", " {key} records who joins."),
                    style=colours.style(app, "kind-system"))  # fmt: skip
        return text
    width = min(10, max(len(safe(m.person)) for m in members))
    muted = colours.style(app, "kind-system")
    warn = colours.style(app, "role-empty", bold=True)
    for i, m in enumerate(members):
        if i:
            text.append("\n")
        name = safe(m.person)[:width].ljust(width)
        if not m.present:
            assert m.left is not None
            text.append(f"{name} left {clock_time(m.left, tz)}", style=muted)
            continue
        roles = ",".join(SHORT[r] for r in m.roles) or "—"
        style = (
            colours.style(app, colours.role_variable(m.roles[0]), bold=True) if m.roles else None
        )
        text.append(name + " ", style=style)
        text.append(f"{roles[:9]:<9} ")
        text.append(f"{short_duration(m.on_duty(now)):>5} ", style=muted)
        if m.break_until is not None:
            text.append(f"away →{clock_time(m.break_until, tz)}", style=muted)
        elif m.since_break(now) >= t.break_every:  # on duty says how long, without a break
            late = f" ({span_words(m.since_break(now))})" if m.last_break else ""
            text.append(f"break due{late}", style=warn)
        elif m.last_break is not None:
            text.append(f"break {short_duration(m.since_break(now))} ago", style=muted)
        else:
            text.append("no break yet", style=muted)
    return text


def away_text(state: IncidentState, person: str, now: datetime, tz) -> str:
    """`bob is on a break until 18:07`, `bob left the call at 17:40`, or "" when they are on
    the call (or not known yet): for a warning before handing them a role."""
    m = roster.stepped_away(state, person, now)
    if m is None:
        return ""
    if m.left is not None:
        return f"{safe(person)} left the call at {clock_time(m.left, tz)}"
    assert m.break_until is not None
    return f"{safe(person)} is on a break until {clock_time(m.break_until, tz)}"
