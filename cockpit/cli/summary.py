"""`cockpit show`: the incident's state as a readable page, or as JSON for scripts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, cast

from cockpit.cli.output import clock_time, since, span, stamp, who
from cockpit.cli.records import history_json
from cockpit.core import cadence, checklists
from cockpit.core import events as ev
from cockpit.core.cadence import Cadences
from cockpit.core.checklists import Checklist
from cockpit.core.ids import short
from cockpit.core.questions import QuestionSettled
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline
from cockpit.core.vocabulary import PHASE_HELP, Role, TaskStatus

INTAKE_LABELS = (
    ("service", "Service"),
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("started", "Started"),
    ("changes", "Changes"),
    ("notify", "Notify"),
)


def show_lines(
    label: str,
    state: IncidentState,
    now: datetime,
    tz: tzinfo,
    cadences: Cadences,
    entries: int,
    recorded: Mapping[str, tuple[str, str]] | None = None,
    own: tuple[Checklist, ...] = (),
) -> list[str]:
    """`recorded`: event id -> (author, who recorded it) for the events recorded on someone's
    behalf; a state they set says so ("(by deploy-bot via alice)"). `own`: the user's
    checklist files, listed after the built-in ones."""
    recorded = recorded or {}

    def by(event_id: str | None) -> str:
        got = recorded.get(event_id or "")
        return f" (by {who(*got)})" if got else ""

    out = [f"{label}  {state.title}"]
    for name, title in INTAKE_LABELS:
        value = state.field(name)
        if value:
            out.append(f"  {title + ':':<10}{value}")
    if state.declared_at:
        out.append(f"  {'Declared:':<10}{since(state.declared_at, now, tz)}")
    sev = state.severity
    if sev is None:
        out.append("Severity  not set (`cockpit severity` sets it; pick the higher when unsure)")
    else:
        when = since(state.severity_since, now, tz) if state.severity_since else "?"
        sev_set = state.register("severity")
        out.append(f"Severity  {sev.value}, since {when}"
                   + by(sev_set.winner.id if sev_set and sev_set.winner else None))  # fmt: skip
        out.append(f"          {sev.definition}")
        history = state.severity_history
        if len(history) > 1:
            steps = " → ".join(
                f"{_severity(e)} at {clock_time(e.at, tz)}"
                + (" (declared)" if e.kind == "incident_declared" else "")
                for e in history
            )
            out.append(f"          history: {steps}")
    phase_set = state.register("phase")
    out.append(f"Phase     {state.phase.value}: {PHASE_HELP[state.phase]}"
               + by(phase_set.winner.id if phase_set and phase_set.winner else None))  # fmt: skip

    out.append("Roles")
    for role in Role:
        holders = state.holders(role)
        names = ", ".join(
            f"{h.person} since {since(h.since, now, tz)}{by(h.event_id)}" for h in holders
        )
        if names or role.critical:
            out.append(f"  {role.title + ':':<24}{names or '— nobody (fill it)'}")

    flying = state.mitigations_in_flight()
    out.append("Mitigation in flight" + ("" if flying else ": none"))
    for m in flying:
        over = f" (override: {m.override})" if m.override else ""
        out.append(
            f"  {short(m.id)}  {m.what} — {m.by}, since {since(m.started_at, now, tz)}{over}"
            + by(m.id)
        )
    done = [m for m in state.all_mitigations() if m.outcome is not None]
    if done and (outcome := done[-1].outcome) is not None:
        out.append(f"  last outcome: {done[-1].what} → {outcome.value.replace('_', ' ')}")

    tasks = state.open_tasks()
    out.append(f"Open tasks: {len(tasks)}" if tasks else "Open tasks: none")
    for t in tasks:
        due = f", due {clock_time(t.due, tz)}" if t.due else ""
        status = "not acknowledged" if t.status is TaskStatus.DELEGATED else t.status.value
        out.append(f"  {short(t.id)}  {t.owner}: {t.text} [{status}{due}]{by(t.id)}")

    active = checklists.for_phase(state.phase, own)
    out.append("Checklists")
    for cl in checklists.every(own):
        got, total = checklists.progress(state, cl)
        mark = "▶" if cl is active else " "
        yours = "  (yours)" if cl in own else ""
        out.append(f" {mark}{cl.title + ':':<22}{got}/{total}{yours}")

    last = state.last_update
    out.append(
        "Last update: "
        + (
            f"{since(last.at, now, tz)} to {cast(ev.StatusUpdate, last.body).audience}{by(last.id)}"
            if last
            else "none yet"
        )
    )
    upcoming = cadence.clocks(state, cadences)
    if not upcoming:
        out.append("Next update: no cadence")
    for n, clock in enumerate(upcoming):
        if clock.due is None:  # clocks() gives only the audiences with one due
            continue
        left = clock.due - now
        word = f"OVERDUE by {span(left)}" if clock.overdue(now) else f"in {span(left)}"
        head = "Next update:" if n == 0 else "            "
        out.append(f"{head} {clock_time(clock.due, tz)} ({word}) to {clock.audience.value}")

    shape = state.milestones
    if shape:  # the incident's shape; `cockpit metrics` gives its numbers
        out.append("Milestones (`cockpit metrics` for the numbers)")
        for e in shape:
            out.append(f"  {since(e.at, now, tz)}  {e.body.describe(tz=tz)}{by(e.id)}")
    phases = state.phase_history
    if any(step.phase.value in ("resolved", "closed") for step in phases):
        moves = " → ".join(f"{step.phase.value} {clock_time(step.at, tz)}" for step in phases)
        out.append(f"Phase history: {moves}")

    questions = state.open_questions()
    if questions:
        out.append("Open hypotheses and questions")
        for e in questions:
            text = cast(ev.Entry, e.body).text  # hypotheses and questions are entries
            out.append(f"  {short(e.id)}  {e.kind}: {text.splitlines()[0]}")
    from cockpit.core import inbox  # the inbox's rules: only when something is shown

    waiting = inbox.unanswered_count(state)
    if waiting:
        out.append(f"Inbox: {waiting} stakeholder question{'s' * (waiting != 1)} waiting on the "
                   f"IC (`cockpit inbox {label}`)")  # fmt: skip
    conflicts = state.conflicts()
    if conflicts:
        out.append("Conflicts (set at the same time without seeing each other; set it again)")
        for c in conflicts:
            values = " vs ".join(f"{_value(w.value)} by {w.author}" for w in c.writes)
            out.append(f"  {' '.join(c.register)}: {values}")
    out.append(f"Entries: {entries}")
    return out


def _severity(e: ev.Event) -> str:
    """The severity an entry of the severity history gave (a declaration's, or a change's)."""
    b = e.body
    severity = b.severity if isinstance(b, ev.SeveritySet | ev.IncidentDeclared) else None
    return severity.value if severity is not None else "?"


def _value(v: Any) -> str:
    if v is None:
        return "(released)"
    if isinstance(v, QuestionSettled):  # the whole settling: its fate and its words
        return v.shown()
    return str(getattr(v, "value", v))


def show_json(
    label: str,
    state: IncidentState,
    now: datetime,
    cadences: Cadences,
    entries: int,
    own: tuple[Checklist, ...] = (),
    timeline: Timeline | None = None,
) -> dict[str, Any]:
    """Where the incident stands, and (with `timeline`, for redactions and edits) its timed
    histories: cli/records.py."""
    from cockpit.core import inbox

    clock = cadence.next_due(state, cadences)
    last = state.last_update
    histories = history_json(state, timeline if timeline is not None else Timeline(UTC))
    return histories | {
        "label": label,
        "id": state.incident_id,
        "title": state.title,
        "fields": {name: state.field(name) for name, _ in INTAKE_LABELS},
        "severity": state.severity.value if state.severity else None,
        "severity_since": stamp(state.severity_since) if state.severity_since else None,
        "severity_history": [  # the declared severity first, when the declaration gave one
            {
                "severity": _severity(e),
                "at": stamp(e.at),
                "author": e.author,
                "reason": getattr(e.body, "reason", ""),
                "alias": getattr(e.body, "alias", "") or None,  # the word as typed (P0)
                "kind": e.kind,
                "id": e.id,
            }
            for e in state.severity_history
        ],  # fmt: skip
        "phase": state.phase.value,
        "roles": {
            r.value: [{"person": h.person, "since": stamp(h.since)} for h in state.holders(r)]
            for r in Role
        },
        "mitigations_in_flight": [
            {"id": m.id, "what": m.what, "by": m.by, "since": stamp(m.started_at)}
            for m in state.mitigations_in_flight()
        ],
        "open_tasks": [
            {"id": t.id, "text": t.text, "owner": t.owner, "status": t.status.value}
            for t in state.open_tasks()
        ],
        "checklists": {c.name: list(checklists.progress(state, c)) for c in checklists.every(own)},
        "last_update": stamp(last.at) if last else None,
        "next_update": stamp(clock.due) if clock.due else None,
        "next_update_to": clock.audience.value if clock.due else None,
        "next_updates": {
            c.audience.value: stamp(c.due) for c in cadence.clocks(state, cadences) if c.due
        },
        "open_questions": [e.id for e in state.open_questions()],
        "inbox_waiting": [q.id for q in inbox.unanswered(state)],
        "conflicts": [list(c.register) for c in state.conflicts()],
        "entries": entries,
        "events": len(state.ids),
        "now": stamp(now),
    }
