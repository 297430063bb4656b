"""The facts a status update is filled with, read from the incident's state.

An update template (`cockpit.core.updates`) names facts in braces: `{severity}`, `{impact}`,
`{mitigation}`... Each is one piece of text made here from the record, so the Incident
Commander edits the wording, never the facts: a fact that is wrong is corrected in the record
(`s` for the severity), and the next update says it.

Facts are internal or public. A customer update is filled from public facts only: the stage
the IC picks, what it says, the service and the customer impact with every name, mention,
address and link taken out, and when the next update comes. Names, evidence, notes,
hypotheses, mitigations and roles never reach it (`PUBLIC`; a template for customers that
names any other fact is refused when it is loaded).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import cast

from cockpit.core import events as ev
from cockpit.core import inbox, progress
from cockpit.core.cadence import last_update_to
from cockpit.core.state import IncidentState
from cockpit.core.update_answers import asked_lines
from cockpit.core.vocabulary import ROLE_TITLES, Audience, Outcome, Role, Stage, TaskStatus

UNKNOWN = "not known yet"

# Each fact with what it says, for the F1 of the composer and a team writing a template.
FACTS: dict[str, str] = {
    "incident": "the incident's number (INC-42)",
    "title": "the incident's title",
    "service": "the service affected",
    "summary": "what is happening, from the intake",
    "severity": "the severity (SEV2)",
    "severity_definition": "what the severity means",
    "phase": "where the response stands (investigating, mitigating...)",
    "milestones": "what the milestones say, with times: impact per component, detected, "
    "cause identified, mitigated",
    "impact": "customer impact and blast radius, from the intake, and whether it is ongoing "
    "(since when) or ended (when), from the milestones",
    "started": "when it started, from the intake",
    "declared": "when it was declared, and how long ago",
    "changes": "what changed recently, from the intake",
    "notify": "who else needs to know, from the intake",
    "mitigation": "the mitigation in flight, who runs it and for how long",
    "tried": "each mitigation tried and how it went (one per line)",
    "questions": "open hypotheses and questions (one per line)",
    "asked": "stakeholders' questions deferred to this update, each with its answer to write",
    "tasks": "open tasks, their owners and status (one per line)",
    "needs": "roles still empty and tasks waiting for an acknowledgement",
    "roles": "who holds each role",
    "ic": "the Incident Commander",
    "status_page": "what the status page last said, and when",
    "call": "where the call is (the config's [announce] call)",
    "channel": "where the channel is (the config's [announce] channel)",
    "next_update": "when the next update comes (14:40 UTC); none once the incident is over",
    "next_line": "the sentence that says when the next update comes, or that this is the final "
    "update (the incident resolved)",
    # public: the only facts a customer update is filled with
    "stage": "the customer stage (Investigating, Identified, Monitoring, Resolved)",
    "stage_statement": "what the stage says to customers",
    "doing": "what we are doing, for customers, from the stage",
    "affected": "the service affected, for customers (no names, links or addresses)",
    "customer_impact": "the customer impact, for customers (no names, links or addresses), "
    "and when it started and ended",
}
PUBLIC: frozenset[str] = frozenset({
    "stage", "stage_statement", "doing", "affected", "customer_impact", "next_update",
    "next_line",
})  # fmt: skip

DOING: dict[Stage, str] = {
    Stage.INVESTIGATING: "Our engineers are investigating the cause.",
    Stage.IDENTIFIED: "We are working on a fix.",
    Stage.MONITORING: "We are watching closely to make sure the fix holds.",
    Stage.RESOLVED: "Everything is working normally again.",
}


@dataclass(frozen=True)
class Deferred:
    """A stakeholder's question deferred to the next update (the inbox, issue 14)."""

    id: str
    asker: str
    text: str


def deferred_questions(state: IncidentState) -> list[Deferred]:
    """The stakeholders' questions deferred to the next update, which answers them
    (cockpit.core.inbox), oldest first; a redacted one without its words."""
    return [Deferred(q.id, q.asker, "(redacted)" if q.redacted else q.text)
            for q in inbox.deferred(state)]  # fmt: skip


@dataclass(frozen=True)
class Context:
    """What the facts need besides the state."""

    now: datetime
    tz: tzinfo | None
    audience: Audience = Audience.RESPONDERS
    stage: Stage | None = None  # customers: the stage the IC picked
    next_minutes: int | None = None  # when the next update comes (None: no cadence)
    label: str = ""  # INC-42
    call: str = ""
    channel: str = ""


def facts(state: IncidentState, ctx: Context) -> dict[str, str]:
    """Every fact as text; for customers, the public ones only."""
    public = _public(state, ctx)
    if ctx.audience.external:
        return public
    return public | _internal(state, ctx)


FINAL_LINE = "This is the final update."


def _public(state: IncidentState, ctx: Context) -> dict[str, str]:
    stage = ctx.stage or progress.stage_of(state)
    scrub = scrubber(state)
    if progress.final(state, ctx.stage if ctx.audience.external else None):
        nxt, line = "none: this is the final update", FINAL_LINE
    else:
        nxt = _next(ctx)
        line = f"Next update at {nxt}." if nxt else "Next update when there is news."
        nxt = nxt or "when there is news"
    return {
        "stage": stage.title,
        "stage_statement": stage.statement,
        "doing": DOING[stage],
        "affected": scrub(state.field("service")) or "some of our services",
        "customer_impact": _customer_impact(state, ctx, stage, scrub(state.field("impact"))),
        "next_update": nxt,
        "next_line": line,
    }


def _customer_impact(state: IncidentState, ctx: Context, stage: Stage, said: str) -> str:
    """The impact as customers read it: ongoing (since when), or over (from when to when),
    never the intake's present tense once the milestones or the stage say it has ended."""
    now = progress.impact_state(state)
    said = said.strip().rstrip(".")
    if now is not None and now.ongoing and stage is not Stage.RESOLVED:
        assert now.since is not None
        since = f"since {when(now.since, ctx.tz)}"
        return _sentence(f"{said} ({since})" if said else f"Customers are affected {since}")
    if now is None and stage is not Stage.RESOLVED:
        return _sentence(said) or "We are assessing the impact."
    if now is None or now.ended is None:  # resolved, with no end recorded
        span = ""
    elif now.started is not None:
        span = f"From {when(now.started, ctx.tz)} to {when(now.ended, ctx.tz)} "
    else:
        span = f"Until {when(now.ended, ctx.tz)} "
    if said:
        return _sentence(f"{span}customers saw: {said}") + " That impact has ended."
    return _sentence(f"{span}customers were affected; that impact has ended")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _internal(state: IncidentState, ctx: Context) -> dict[str, str]:
    now = ctx.now
    sev = state.severity
    ic = state.holders(Role.IC)
    return {
        "incident": ctx.label or "the incident",
        "title": state.title or UNKNOWN,
        "service": state.field("service") or UNKNOWN,
        "summary": state.field("summary") or state.title or UNKNOWN,
        "severity": sev.value if sev else "severity not set",
        "severity_definition": sev.definition if sev else "no severity set yet",
        "phase": state.phase.value,
        "milestones": progress.milestone_words(state, ctx.tz) or "none recorded yet",
        "impact": progress.impact_words(state, ctx.tz, UNKNOWN),
        "started": state.field("started") or _impact_started(state, ctx) or UNKNOWN,
        "declared": _declared(state, ctx),
        "changes": state.field("changes") or UNKNOWN,
        "notify": state.field("notify") or "no one named yet",
        "mitigation": _mitigation(state, now),
        "tried": _lines(_tried(state)) or "nothing yet",
        "questions": _lines(_questions(state)) or "none open",
        "asked": asked_lines((q.asker, q.text) for q in deferred_questions(state)) or "none",
        "tasks": _lines(_tasks(state)) or "none open",
        "needs": "; ".join(_needs(state)) or "nothing the record shows",
        "roles": _roles(state),
        "ic": ic[0].person if ic else "not assigned",
        "status_page": _status_page(state, ctx),
        "call": ctx.call or "not set",
        "channel": ctx.channel or "not set",
    }


def _impact_started(state: IncidentState, ctx: Context) -> str:
    """When impact started, from the milestones, when the intake did not say."""
    now = progress.impact_state(state)
    return f"{when(now.started, ctx.tz)} (impact started)" if now and now.started else ""


def _next(ctx: Context) -> str:
    if not ctx.next_minutes:
        return ""
    return when(ctx.now + timedelta(minutes=ctx.next_minutes), ctx.tz)


def when(at: datetime, tz: tzinfo | None) -> str:
    """`14:40 UTC`: a clock time with its zone, as a reader elsewhere needs it."""
    local = at.astimezone(tz)
    zone = local.strftime("%Z")
    if not zone or zone[0] in "+-":
        offset = local.strftime("%z")
        zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{local:%H:%M}" + (f" {zone}" if zone else "")


def ago(delta: timedelta) -> str:
    """`12 min`, `1 h 05 min`: an age as an update says it."""
    minutes = max(0, int(delta.total_seconds() // 60))
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _lines(items: Iterable[str]) -> str:
    return "\n".join(f"- {i}" for i in items)


def _declared(state: IncidentState, ctx: Context) -> str:
    at = state.declared_at
    if at is None:
        return UNKNOWN
    return f"{when(at, ctx.tz)} ({ago(ctx.now - at)} ago)"


def _mitigation(state: IncidentState, now: datetime) -> str:
    m = state.current_mitigation
    if m is None:
        return "nothing in flight"
    return f"{m.what} (by {m.by}, for {ago(now - m.started_at)})"


OUTCOME_WORDS = {
    Outcome.WORKED: "worked",
    Outcome.PARTLY: "partly worked",
    Outcome.NO_EFFECT: "no effect",
    Outcome.MADE_WORSE: "made it worse",
    Outcome.UNKNOWN: "effect not known yet",
}


def _tried(state: IncidentState) -> list[str]:
    return [f"{m.what} (by {m.by}): {OUTCOME_WORDS[m.outcome]}"
            for m in state.all_mitigations() if m.outcome is not None]  # fmt: skip


def _questions(state: IncidentState) -> list[str]:
    out = []
    for e in state.open_questions():
        first = cast(ev.Entry, e.body).text.strip().splitlines()[0]
        out.append(f"{e.kind}: {first}")
    return out


TASK_WORDS = {TaskStatus.DELEGATED: "waiting for ack", TaskStatus.ACKNOWLEDGED: "acknowledged"}


def _tasks(state: IncidentState) -> list[str]:
    return [f"{t.owner}: {t.text} ({TASK_WORDS.get(t.status, t.status.value)})"
            for t in state.open_tasks()]  # fmt: skip


def _needs(state: IncidentState) -> list[str]:
    out = [f"a {r.title}" for r in Role if r.critical and not state.holders(r)]
    out += [f"{t.owner} to acknowledge “{t.text}”" for t in state.open_tasks()
            if t.status is TaskStatus.DELEGATED]  # fmt: skip
    return out


def _roles(state: IncidentState) -> str:
    parts = []
    for role in (Role.IC, Role.TECH_LEAD, Role.COMMS_LEAD, Role.SCRIBE, Role.DEPUTY_IC):
        people = ", ".join(h.person for h in state.holders(role))
        if people or role.critical:
            parts.append(f"{ROLE_TITLES[role]}: {people or 'EMPTY'}")
    return " · ".join(parts)


def _status_page(state: IncidentState, ctx: Context) -> str:
    last = last_update_to(state, Audience.CUSTOMERS)
    if last is None:
        return "nothing posted yet"
    body = cast(ev.StatusUpdate, last.body)
    stage = body.stage.title if body.stage else "posted"
    return f"{stage}, at {when(last.at, ctx.tz)}"


# ---- keeping customer text free of what is internal ------------------------------------------

URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
MENTION = re.compile(r"(?<![\w@])@[\w.-]+")
INCIDENT = re.compile(r"\bINC-\d+\b", re.IGNORECASE)


def names(state: IncidentState) -> list[str]:
    """Every person the record knows (authors, role holders, people paged or mentioned),
    longest first, so that "Ann Lee" goes before "Ann"."""
    return sorted((p for p in state.people if len(p.strip()) >= 2), key=len, reverse=True)


def _name_pattern(people: list[str]) -> re.Pattern[str] | None:
    if not people:
        return None
    alts = "|".join(re.escape(p.strip()) for p in people)
    return re.compile(rf"(?<![\w@]){'(?:' + alts + ')'}(?!\w)", re.IGNORECASE)


def scrubber(state: IncidentState) -> Callable[[str], str]:
    """Takes names, mentions, addresses, links and incident numbers out of a text that was
    written for responders, before any of it is offered to customers."""
    pattern = _name_pattern(names(state))

    def scrub(text: str) -> str:
        out = URL.sub("", text)
        out = EMAIL.sub("", out)
        out = MENTION.sub("", out)
        out = INCIDENT.sub("", out)
        if pattern is not None:
            out = pattern.sub("", out)
        out = re.sub(r"\(\s*\)|\[\s*\]", "", out)
        out = re.sub(r"[ \t]+([,.;:)\]])", r"\1", out)
        out = re.sub(r"[ \t]{2,}", " ", out)
        return out.strip(" \t,;:-")

    return scrub
