"""How the CLI shows the people on the call and the nudges: as lines for a person (`cockpit
roster`, `cockpit nudges`, the sections of `cockpit show`) and as JSON for scripts.

Every name and text here was typed by someone: the lines go out through `say` (one line,
safe), the JSON through `json_text`.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, cast

from cockpit.cli.output import clock_time, since, span, stamp, who
from cockpit.core import cadence, nudges, roster
from cockpit.core.cadence import Cadences, UpdateClock
from cockpit.core.nudges import Nudge
from cockpit.core.pace import NudgeSnoozed
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import ROLE_TITLES


def roster_lines(state: IncidentState, now: datetime, tz: tzinfo, t: nudges.Thresholds,
                 indent: str = "  ") -> list[str]:  # fmt: skip
    """One line a person: roles, on the call since when, time since the last break."""
    members = roster.roster(state, now)
    if not members:
        return [f"{indent}nobody yet (`cockpit joined` records who joins)"]
    width = max(len(m.person) for m in members[:50])
    out = []
    for m in members:
        name = f"{indent}{m.person:<{width}}  "
        if not m.present:
            assert m.left is not None
            out.append(f"{name}left {since(m.left, now, tz)}, on the call from "
                       f"{clock_time(m.joined, tz)}")  # fmt: skip
            continue
        roles = ", ".join(ROLE_TITLES[r] for r in m.roles) or "no role"
        line = f"{name}{roles}; on the call since {since(m.joined, now, tz)}"
        if m.break_until is not None:
            line += f"; on a break until {clock_time(m.break_until, tz)}"
        elif m.last_break is not None:
            line += f"; {span(m.since_break(now))} since a break"
        else:
            line += "; no break yet"
        if not m.on_break() and m.since_break(now) >= t.break_every:
            line += "  BREAK DUE"
        out.append(line)
    return out


def roster_json(state: IncidentState, now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "person": m.person,
            "present": m.present,
            "joined": stamp(m.joined),
            "left": stamp(m.left) if m.left else None,
            "roles": [r.value for r in m.roles],
            "on_duty_seconds": int(m.on_duty(now).total_seconds()),
            "since_break_seconds": int(m.since_break(now).total_seconds()),
            "on_break_until": stamp(m.break_until) if m.break_until else None,
            "last_break_ended": stamp(m.last_break) if m.last_break else None,
        }
        for m in roster.roster(state, now)
    ]


# What to run about each nudge, by the action that deals with it (the screen has the keys).
COMMANDS = {
    "resolve": "set it again: the value that stands (`cockpit severity`, `cockpit role`...)",
    "assign": "`cockpit role {inc} assign ROLE NAME`",
    "mitigate": "`cockpit mitigation {inc} start WHAT` or `cockpit task {inc} add TEXT --to NAME`",
    "ack": "`cockpit task {inc} ack ID --note WHAT-THEY-SAID` (or done, drop)",
    "delegate": "`cockpit task {inc} add TEXT --to NAME`",
    "handover": "`cockpit role {inc} assign ic NAME --note BRIEFING`",
    "record_break": "`cockpit break {inc} NAME --for 15m`",
    "check_in": '`cockpit note {inc} "Check-in: impact...; in progress..."`',
    "page": "`cockpit page {inc} NAME --via pager`",
    "snooze": "`cockpit severity {inc} SEVn --reason ...` or `cockpit snooze {inc} downgrade "
    "--until 06:00 --reason WHY-KEEP`",
}


def snoozed_text(n: Nudge, tz: tzinfo) -> str:
    s = n.snooze
    assert s is not None
    body = cast(NudgeSnoozed, s.body)
    return (f"snoozed until {clock_time(body.until, tz)} by {who(s.author, s.recorded_by)}: "
            f"{body.reason}")  # fmt: skip


def nudge_lines(found: list[Nudge], label: str, tz: tzinfo, hints: bool = True) -> list[str]:
    """Numbered, most urgent first; a snoozed one says until when, by whom and why."""
    out = []
    for i, n in enumerate(found, 1):
        text = n.text[:1].upper() + n.text[1:]
        out.append(f"{i:>2}. {text}")
        if n.snooze is not None:
            out.append(f"    {snoozed_text(n, tz)}")
        if hints:
            out.append(f"    id {n.id}; {COMMANDS.get(n.action, '').format(inc=label)}")
    return out


def nudges_json(found: list[Nudge]) -> list[dict[str, Any]]:
    out = []
    for n in found:
        item: dict[str, Any] = {"id": n.id, "rule": n.rule, "text": n.text,
                                "due_since": stamp(n.due_since), "snoozed": None}  # fmt: skip
        if n.snooze is not None:
            b = cast(NudgeSnoozed, n.snooze.body)
            item["snoozed"] = {"until": stamp(b.until), "by": n.snooze.author,
                               "reason": b.reason, "id": n.snooze.id}  # fmt: skip
        out.append(item)
    return out


def overdue_updates(state: IncidentState, now: datetime,
                    cadences: Cadences | None) -> list[UpdateClock]:  # fmt: skip
    """The status updates overdue now. Not nudges (the update countdown owns them), but a list
    of what needs attention that left them out would say "nothing" while one is hours late."""
    return [c for c in cadence.clocks(state, cadences) if c.overdue(now)]


def overdue_lines(late: list[UpdateClock], now: datetime, tz: tzinfo, label: str,
                  hints: bool = True) -> list[str]:  # fmt: skip
    out = []
    for c in late:
        assert c.due is not None  # overdue
        line = f"Update overdue: to {c.audience.value}, was due {since(c.due, now, tz)}"
        if hints:
            line += f"; `cockpit update {label} TEXT --audience {c.audience.value}`"
        out.append(line)
    return out


def overdue_json(late: list[UpdateClock]) -> list[dict[str, Any]]:
    return [{"audience": c.audience.value, "due": stamp(c.due)} for c in late if c.due]


def show_sections(state: IncidentState, now: datetime, tz: tzinfo, t: nudges.Thresholds,
                  label: str, cadences: Cadences | None = None) -> list[str]:  # fmt: skip
    """What `cockpit show` adds: who is on the call, and what needs attention (an overdue
    update, already on its own line above, is not called "nothing")."""
    out = ["On the call", *roster_lines(state, now, tz, t)]
    found = nudges.current(state, now, t)
    late = overdue_updates(state, now, cadences)
    head = "Needs attention"
    if not found:
        head += ": no nudge now, but an update is overdue (Next update)" if late else (
            ": nothing now")  # fmt: skip
    out.append(head)
    out += nudge_lines(found, label, tz, hints=False)
    return out


def show_json_sections(state: IncidentState, now: datetime, t: nudges.Thresholds) -> dict:
    return {"people": roster_json(state, now),
            "nudges": nudges_json(nudges.current(state, now, t))}  # fmt: skip
