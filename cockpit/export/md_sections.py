"""The postmortem draft's account of the response: facts, contributing factors, what was
tried, lessons, follow-ups, severity and roles. (The summary, the customer impact, the
metrics and the phases are in `md_shape`; the record itself, decisions, updates, evidence
and the timeline, in `md_record`.) Each section is a list of lines; what people
typed goes through `md_text`, what an event said that was later redacted reads as the
redaction (`Context.text`).
"""

from __future__ import annotations

import functools
from datetime import datetime

from cockpit.core import events as ev
from cockpit.core.followups import (
    Followup,
    FollowupKind,
    FollowupStatus,
    followups,
)
from cockpit.core.role_history import tenures
from cockpit.core.state import Mitigation
from cockpit.core.timefmt import span
from cockpit.core.vocabulary import Outcome, Phase, Resolution, Role
from cockpit.export.md_context import Context
from cockpit.export.md_text import cell, inline, table

OUTCOME_WORDS = {
    Outcome.WORKED: "worked",
    Outcome.PARTLY: "partly worked",
    Outcome.NO_EFFECT: "no effect",
    Outcome.MADE_WORSE: "made it worse",
    Outcome.UNKNOWN: "outcome unknown",
}


def prompt(text: str) -> str:
    """A line that asks the reviewer for what the record cannot say (italic when rendered)."""
    return f"_{text}_"


@functools.lru_cache(maxsize=4096)  # the same few names on every line of a long timeline
def who(author: str, recorded_by: str = "") -> str:
    """`deploy-bot via alice` when someone else recorded it (as everywhere in cockpit)."""
    return inline(author) + (f" via {inline(recorded_by)}" if recorded_by else "")


# ---- the top ------------------------------------------------------------------------------


def phase_moves(c: Context, phase: Phase) -> list[datetime]:
    """When the incident moved into `phase` (and stayed there until the next move)."""
    reg = c.state.register("phase")
    writes = sorted(reg.writes.values(), key=lambda w: (w.at, w.hlc, w.id)) if reg else []
    return [w.at for w in writes if w.value is phase]


def facts(c: Context) -> list[str]:
    s = c.state
    out: list[str] = []
    sev = s.severity
    history = [e.body.severity for e in s.severity_history
               if isinstance(e.body, ev.SeveritySet | ev.IncidentDeclared) and e.body.severity]  # fmt: skip
    if sev is not None:
        highest = min(history, key=lambda v: v.rank) if history else sev
        line = f"{highest.value} at its highest"
        if history and history[0] is not highest:
            line += f" (declared {history[0].value})"
        if sev is not highest:
            line += f"; {sev.value} now"
        out.append(f"- **Severity:** {line}")
    else:
        out.append("- **Severity:** never set")
    if s.field("service"):
        service = c.text(field_id(c, "service"), s.field("service"))
        out.append(f"- **Service:** {inline(service)}")
    if s.declared is not None:
        out.append(f"- **Declared:** {c.full(s.declared.at)} by {who(s.declared.author)}")
    resolved = phase_moves(c, Phase.RESOLVED)
    if resolved and s.phase in (Phase.RESOLVED, Phase.CLOSED):
        out.append(f"- **Resolved:** {c.full(resolved[-1])}")
        out.append(f"- **Duration:** {span(resolved[-1] - c.start)} from declaration to resolution")
    else:
        out.append(f"- **Status:** {s.phase.value} when this draft was made "
                   f"({span(c.now - c.start)} after the declaration)")  # fmt: skip
    ics = [t for t in tenures(s) if t.role is Role.IC]
    if ics:
        names = ", then ".join(dict.fromkeys(inline(t.person) for t in ics))
        out.append(f"- **Incident Commander:** {names}")
    return out


def field_id(c: Context, name: str) -> str:
    """The event that set an incident field (its declaration, or the last change)."""
    w = c.state.register("field", name)
    if w is not None and w.winner is not None:
        return w.winner.id
    return c.state.declared.id if c.state.declared else ""


# ---- what made it possible, what was tried, what we learn ---------------------------------


def _settled(c: Context, how: Resolution) -> list[tuple[ev.Event, str, str]]:
    """Hypotheses settled `how`: (the hypothesis, its text now, the line about settling)."""
    out = []
    for item_id, e in c.state.open_items.items():
        w = c.state.resolution(item_id)
        if w is None or w.value is not how:
            continue
        row = c.row(item_id)
        text = c.entry_text(row) if row is not None else e.text
        settling = c.row(w.id)
        note = ""
        if settling is not None and not settling.redacted:
            note = getattr(settling.event.body, "text", "")
        elif settling is not None:
            note = c.entry_text(settling)
        said = f"{how.value.replace('_', ' ')} by {who(w.author)} at {c.when(w.at)}"
        out.append((e, text, said + (f": {inline(note)}" if note else "")))
    return sorted(out, key=lambda t: (t[0].at, t[0].id))


def contributing_factors(c: Context) -> list[str]:
    out = ["## Contributing factors", ""]
    confirmed = _settled(c, Resolution.CONFIRMED)
    if confirmed:
        out.append("Confirmed during the incident:")
        out.append("")
        for e, text, said in confirmed:
            out.append(f"- {inline(text)} ({who(e.author)}'s hypothesis at {c.when(e.at)}, {said})")
        out.append("")
    else:
        out.append("No hypothesis was confirmed during the incident.")
        out.append("")
    out.append(prompt("There are usually several: what made this possible, what made it worse, "
                      "what made it last. Describe conditions and systems, not people."))  # fmt: skip
    return out


def _mitigation_line(c: Context, m: Mitigation) -> str:
    what = inline(c.text(m.id, m.what))
    line = f"- {c.when(m.started_at)} **{what}**, by {inline(m.by)}"
    if m.override:
        line += f" (started while another was in flight: {inline(c.text(m.id, m.override))})"
    if m.outcome is None or m.outcome_at is None:
        return line + ": no outcome recorded (in flight when this draft was made)"
    line += f": {OUTCOME_WORDS[m.outcome]} at {c.when(m.outcome_at)}"
    line += f", {span(m.outcome_at - m.started_at)} after it started"
    reg = c.state.register("mitigation", m.id)
    outcome_id = reg.winner.id if reg and reg.winner else ""
    row = c.row(outcome_id)
    if row is not None:
        note = getattr(row.event.body, "note", "")
        if note or row.redacted:
            line += f" — {inline(c.text(outcome_id, note))}"
    return line


def mitigations(c: Context) -> list[str]:
    out = ["## Mitigations", ""]
    ms = c.state.all_mitigations()
    if not ms:
        return [*out, "None recorded."]
    out.append("One at a time, in the order they started:")
    out.append("")
    out.extend(_mitigation_line(c, m) for m in ms)
    return out


def lessons(c: Context) -> list[str]:
    out = ["## Lessons learned", ""]
    ms = c.state.all_mitigations()
    helped = [m for m in ms if m.outcome in (Outcome.WORKED, Outcome.PARTLY)]
    failed = [m for m in ms if m.outcome in (Outcome.NO_EFFECT, Outcome.MADE_WORSE)]
    ruled_out = _settled(c, Resolution.RULED_OUT)
    decisions = c.rows("decision")
    found: list[str] = []
    for m in helped:
        word = OUTCOME_WORDS[m.outcome] if m.outcome else ""
        found.append(f"- What helped: {inline(c.text(m.id, m.what))} ({word})")
    for m in failed:
        word = OUTCOME_WORDS[m.outcome] if m.outcome else ""
        found.append(f"- Tried without the effect hoped for: {inline(c.text(m.id, m.what))} "
                     f"({word})")  # fmt: skip
    for _, text, said in ruled_out:
        found.append(f"- Suspected, then ruled out: {inline(text)} ({said})")
    for row in decisions:
        first = c.entry_text(row).strip().split("\n", 1)[0]
        found.append(f"- Decided at {c.when(row.at)}: {inline(first)}")
    if found:
        out.append("From the record, to discuss:")
        out.append("")
        out.extend(found)
        out.append("")
    out.append(prompt("What went well, what went wrong, where we got lucky; for each decision, "
                      "whether it was right with what we knew then."))  # fmt: skip
    return out


# ---- follow-ups ---------------------------------------------------------------------------


def _status(c: Context, f: Followup) -> str:
    if f.status is FollowupStatus.OPEN:
        return "OVERDUE" if f.overdue(c.now) else "open"
    when = f" {_day(c, f.status_at)}" if f.status_at else ""
    note = c.text(f.status_id or "", f.note) if f.note else ""
    return f"{f.status.value}{when}" + (f": {inline(note)}" if note else "")


def _day(c: Context, when: datetime | None) -> str:
    return when.astimezone(c.tz).date().isoformat() if when else "no due date"


KIND_WORDS = ("prevent (it does not happen again), detect (we notice sooner), mitigate (less "
              "impact, faster recovery), process (how we respond)")  # fmt: skip


def followup_section(c: Context) -> list[str]:
    out = ["## Follow-ups", ""]
    items = followups(c.state)
    if not items:
        out.append(f"None recorded yet: `cockpit followup {c.label} add TEXT --owner NAME "
                   "--due DATE --kind prevent|detect|mitigate|process` adds one (F on the "
                   "screen).")  # fmt: skip
        return out
    order = {k: i for i, k in enumerate(FollowupKind)}
    items.sort(key=lambda f: (order[f.category], f.added_at, f.id))
    for f in items:
        due = f"due {_day(c, f.due)}" if f.due else "no due date"
        out.append(f"- **{f.category.value}**, owner {inline(f.owner)}, {due}: "
                   f"{inline(c.text(f.id, f.text))} ({_status(c, f)})")  # fmt: skip
    out.append("")
    out.append(prompt(f"Each with one owner and a due date. Kinds: {KIND_WORDS}."))
    return out


# ---- severity and roles -------------------------------------------------------------------


def severity(c: Context) -> list[str]:
    out = ["## Severity", ""]
    history = c.state.severity_history
    if not history:
        return [*out, "Never set."]
    for e in history:
        b = e.body
        if isinstance(b, ev.IncidentDeclared) and b.severity:
            out.append(f"- {c.when(e.at)} {b.severity.value}: declared, by {who(e.author)}")
        elif isinstance(b, ev.SeveritySet):
            reason = c.text(e.id, b.reason)
            out.append(f"- {c.when(e.at)} {b.severity.value}, by {who(e.author)}"
                       + (f": {inline(reason)}" if reason else ""))  # fmt: skip
    return out


def roles(c: Context) -> list[str]:
    out = ["## Roles", ""]
    held = tenures(c.state)
    if not held:
        return [*out, "No role was assigned."]
    rows = [
        [cell(t.role.title), cell(t.person), c.when(t.start),
         c.when(t.end) if t.end else "still holds it"]
        for t in held
    ]  # fmt: skip
    out.extend(table(["Role", "Who", "From", "Until"], rows))
    return out
