"""The IC's inbox of stakeholders' questions, and what a stakeholder may see of an incident.

A question (`question_asked`, cockpit.core.questions) is open until the IC settles it:
answered, deferred to the next stakeholder update, or passed to a named person as a task.
A deferred question is answered by the first update to executives posted after it was deferred
that lists it with its answer written (`covered_by`, and the answer: their templates list the
questions asked, each with `Answer: ‹answer›` to fill, cockpit.core.update_answers); until
then it is one of `deferred(state)`, which the update composer prefills.
Pure functions of the state (and of the timeline, when the caller has one, so that a redacted
question or answer never shows its text).

The stakeholder view (`stakeholder_view`) is the one filter between an incident and the
people who only ask (an `ask` token, ../shared/SYNC.md): the incident's title, severity,
phase and impact, the status updates meant for stakeholders, and the asker's own questions
with their answers. Nothing else: no notes, decisions, evidence or names of the work, no
redacted text, whatever events it is handed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from cockpit.core import events as ev
from cockpit.core.kinds import SUMMARY_KINDS
from cockpit.core.light import Item
from cockpit.core.questions import Fate, QuestionAsked, QuestionSettled
from cockpit.core.state import IncidentState
from cockpit.core.timeline import REDACTED, Timeline
from cockpit.core.update_answers import answer_in
from cockpit.core.vocabulary import Audience, audience_of

# The updates a stakeholder sees: executives', support's and the status page's; the responders'
# (and the "internal" of before the four audiences, which is theirs) stay with the response team.
STAKEHOLDER_AUDIENCES = frozenset({Audience.EXEC, Audience.SUPPORT, Audience.CUSTOMERS})
# The updates that answer deferred questions: the executives', whose templates list the
# questions asked (cockpit.core.update_templates, `{asked}`); never the public status page.
ANSWERING_AUDIENCES = frozenset({Audience.EXEC})

# The kinds the stakeholder view is made of (a server reads only these from its database).
VIEW_KINDS: tuple[str, ...] = (
    *SUMMARY_KINDS, "status_update", "question_asked", "question_settled",
    "entry_edited", "entry_redacted",
)  # fmt: skip


class Status(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    DEFERRED = "deferred"
    PASSED = "passed"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    asker: str  # who asks (`from`)
    text: str  # as it reads now; '' when redacted
    author: str  # who recorded it
    recorded_by: str  # who recorded it for the author ('' when the author did)
    at: datetime
    status: Status
    settled: ev.Event | None = None  # the settling in force
    answer: str = ""  # the answer, when answered or covered by an update ('' when redacted)
    to: str = ""  # passed to whom
    task: str = ""  # and the task's id
    covered_by: ev.Event | None = None  # deferred: the stakeholder update that answers it
    redacted: bool = False  # the question's text was redacted
    answer_redacted: bool = False

    @property
    def by(self) -> str:
        """Who put it in the inbox: its author, or `author via recorder`."""
        return f"{self.author} via {self.recorded_by}" if self.recorded_by else self.author

    @property
    def pushed_by(self) -> str:
        """Whose hands it passed through: the recorder, else the author."""
        return self.recorded_by or self.author

    @property
    def replied(self) -> bool:
        """The asker has an answer: the IC's own, or the update a deferral waited for."""
        return self.status is Status.ANSWERED or self.covered_by is not None


def _audience(update: Item) -> Audience | None:
    body = update.body
    return audience_of(body.audience) if isinstance(body, ev.StatusUpdate) else None


def for_stakeholders(update: Item) -> bool:
    """Is this status update meant for stakeholders (not only the responders)?"""
    return _audience(update) in STAKEHOLDER_AUDIENCES


def _current(timeline: Timeline | None, e: ev.Event, redacted: Collection[str] = ()) -> str | None:
    """The text of `e` as it reads now: None when redacted, the latest edit when edited
    (without a timeline: `redacted`, the state's redacted ids, and no edits)."""
    row = timeline.by_id.get(e.id) if timeline is not None else None
    if row is None:
        return None if e.id in redacted else e.text
    if row.redacted:
        return None
    if row.edits is not None and row.edits.winner is not None:
        return cast(str, row.edits.winner.value)
    return e.text


def _covering(state: IncidentState, settled: ev.Event, asker: str, text: str,
              timeline: Timeline | None) -> tuple[ev.Event | None, str]:  # fmt: skip
    """The first update written after the deferral that answers the question (its text lists
    it with an answer written: cockpit.core.update_answers), and that answer; a redacted one
    counts (its answer is gone with it)."""
    after = sorted((u for u in state.updates
                    if u.hlc > settled.hlc and _audience(u) in ANSWERING_AUDIENCES),
                   key=lambda u: (u.hlc, u.id))  # fmt: skip
    for u in after:
        now = _current(timeline, u, state.redacted)
        if now is None:
            return u, ""
        answer = answer_in(now, asker, text)
        if answer is not None:
            return u, answer
    return None, ""


def question(state: IncidentState, qid: str, timeline: Timeline | None = None) -> Question | None:
    e = state.questions.get(qid)
    if e is None:
        return None
    body = cast(QuestionAsked, e.body)
    text = _current(timeline, e, state.redacted)
    asked = Question(e.id, body.asker, text or "", e.author, e.recorded_by, e.at, Status.OPEN,
                     redacted=text is None)  # fmt: skip
    r = state.register("question", qid)
    w = r.winner if r is not None else None
    settled = state.question_settles.get(w.id) if w is not None else None
    if settled is None:
        return asked
    how = cast(QuestionSettled, settled.body)
    if how.how is Fate.ANSWERED:
        answer = _current(timeline, settled, state.redacted)
        return replace(asked, status=Status.ANSWERED, settled=settled, answer=answer or "",
                       answer_redacted=answer is None)  # fmt: skip
    if how.how is Fate.PASSED:
        return replace(asked, status=Status.PASSED, settled=settled, to=how.to, task=how.task)
    covered, answer = _covering(state, settled, body.asker, text or "(redacted)", timeline)
    return replace(asked, status=Status.DEFERRED, settled=settled, covered_by=covered,
                   answer=answer)  # fmt: skip


def questions(state: IncidentState, timeline: Timeline | None = None) -> list[Question]:
    """Every question, in the order they were asked."""
    ids = sorted(state.questions, key=lambda i: (state.questions[i].at, state.questions[i].id))
    return [q for i in ids if (q := question(state, i, timeline)) is not None]


def unanswered(state: IncidentState) -> list[Question]:
    """Questions the IC has not settled yet: the count the screen shows."""
    return [q for q in questions(state) if q.status is Status.OPEN]


def unanswered_count(state: IncidentState) -> int:
    """How many questions wait for the IC (cheap: asked every second by the header)."""
    if not state.questions:
        return 0
    return sum(1 for qid in state.questions if state.register("question", qid) is None)


def deferred(state: IncidentState, timeline: Timeline | None = None) -> list[Question]:
    """Questions deferred to the next stakeholder update and not yet answered by one: what
    the update composer prefills (posting that update answers them)."""
    return [
        q for q in questions(state, timeline)
        if q.status is Status.DEFERRED and q.covered_by is None
    ]  # fmt: skip


def task_text(q: Question) -> str:
    """What a question passed on asks of its new owner."""
    asked = "(a redacted question)" if q.redacted else f"“{q.text}”"
    return f"Answer {q.asker}'s question {asked}"


# ---- the stakeholder view ---------------------------------------------------------------------


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def question_view(q: Question, timeline: Timeline | None = None) -> dict[str, Any]:
    """One question as its asker sees it (JSON-ready)."""
    out: dict[str, Any] = {"id": q.id, "asked_at": _iso(q.at), "from": q.asker,
                           "status": q.status.value}  # fmt: skip
    if q.redacted:
        out["redacted"] = True
    else:
        out["text"] = q.text
    if q.settled is not None:
        out["settled_at"] = _iso(q.settled.at)
        out["settled_by"] = q.settled.author
    if q.status is Status.ANSWERED:
        if q.answer_redacted:
            out["answer_redacted"] = True
        else:
            out["answer"] = q.answer
    elif q.status is Status.PASSED:
        out["passed_to"] = q.to
    if q.covered_by is not None:
        out["update"] = update_view(q.covered_by, timeline)
        if q.answer:
            out["answer"] = q.answer
    return out


def update_view(u: ev.Event, timeline: Timeline | None = None) -> dict[str, Any]:
    body = cast(ev.StatusUpdate, u.body)
    text = _current(timeline, u)
    out: dict[str, Any] = {"id": u.id, "at": _iso(u.at), "audience": body.audience}
    if text is None:
        out["redacted"] = True
    else:
        out["text"] = text
    if body.next_in_minutes:
        out["next_in_minutes"] = body.next_in_minutes
    return out


def _unworded(body: ev.IncidentDeclared) -> ev.IncidentDeclared:
    """A redacted declaration: its severity still counts, none of its words show."""
    words = {name: "" for name in ev.INCIDENT_FIELDS}
    return body.model_copy(update={**words, "title": REDACTED})


def stakeholder_view(events: Iterable[Item], person: str | None) -> dict[str, Any]:
    """What `person`, who may only ask, sees of an incident made of `events` (None: as any
    stakeholder would, with every asker's questions; the IC's preview).

    Only the kinds of VIEW_KINDS are read, whatever else `events` holds; a redacted update is
    left out, a redacted question or answer shows without its text. `person`'s own questions are the ones that
    passed through their hands (recorded by them: through the server, the token's person)."""
    state, timeline = IncidentState(), Timeline(UTC)  # JSON: no zone
    read = [e.to_event() for e in events if e.kind in VIEW_KINDS and not e.plain]
    hidden = {e.body.target for e in read if isinstance(e.body, ev.EntryRedacted)}
    for e in read:
        if e.id in hidden and isinstance(e.body, ev.FieldSet):
            continue  # a redacted intake answer or title: its words stay out
        if e.id in hidden and isinstance(e.body, ev.IncidentDeclared):
            e = e.model_copy(update={"body": _unworded(e.body)})
        state.apply(e)
        timeline.apply(e)
    sev = state.severity
    pairs = [(u, update_view(u, timeline)) for u in state.updates if for_stakeholders(u)]
    pairs = [(u, v) for u, v in pairs if not v.get("redacted")]  # no text: not worth showing
    last = pairs[-1][0] if pairs else None
    nxt = cast(ev.StatusUpdate, last.body).next_in_minutes if last is not None else None
    return {
        "incident": state.incident_id,
        "title": state.title,
        "severity": sev.value if sev else None,
        "severity_means": sev.definition if sev else None,
        "phase": state.phase.value,
        "impact": state.field("impact"),
        "updates": [v for _, v in pairs],
        "next_update_at": _iso(last.at + timedelta(minutes=nxt)) if last and nxt else None,
        "questions": [
            question_view(q, timeline)
            for q in questions(state, timeline)
            if person is None or q.pushed_by == person
        ],
    }
