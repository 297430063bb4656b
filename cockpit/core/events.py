"""Every change to an incident is one of these immutable events.

An `Event` is an envelope (id, incident, author, times, clock, `prev`) around a `body` whose
`kind` says what happened. Bodies that set shared state name a *register* (severity, a role,
a checklist item...); the reducer settles each register last-writer-wins by `hlc`, and `prev`
lists the register values the author saw, so that two writes that did not see each other
are detected as a conflict instead of one silently winning.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import AwareDatetime, ConfigDict, Field, TypeAdapter

from cockpit.core import ending, kinds, milestones, pages
from cockpit.core.body import MAX_TEXT as MAX_TEXT  # re-exported: callers read it from here
from cockpit.core.body import Alias, BodyModel, Name, NonEmpty, Register, said
from cockpit.core.corrections import EntryEdited as EntryEdited
from cockpit.core.corrections import EntryPinned as EntryPinned
from cockpit.core.corrections import EntryRedacted as EntryRedacted
from cockpit.core.delivery import Delivery
from cockpit.core.followups import FollowupAdded, FollowupSet
from cockpit.core.links import IncidentLinked
from cockpit.core.pace import BreakTaken, NudgeSnoozed, PersonLeft
from cockpit.core.questions import QuestionAsked, QuestionSettled
from cockpit.core.restriction import IncidentRestricted
from cockpit.core.timefmt import clock
from cockpit.core.versions import KnownBodies, UnknownBody, Versioned
from cockpit.core.vocabulary import Outcome, Phase, Resolution, Role, Severity, Stage, TaskStatus


class IncidentDeclared(BodyModel):
    kind: Literal["incident_declared"] = "incident_declared"
    title: Name
    service: str = ""
    summary: str = ""
    impact: str = ""  # customer impact and blast radius
    started: str = ""  # when it started, as the reporter said it
    changes: str = ""  # what changed recently
    notify: str = ""  # who else needs to know
    severity: Severity | None = None
    alias: Alias = ""  # the severity as typed, when it was an alias (P0)

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        svc = f" [{self.service}]" if self.service else ""
        sev = f" · {self.severity.value}{said(self.alias)}" if self.severity else ""
        return f"Declared: {self.title}{svc}{sev}" + (f" — {self.summary}" if self.summary else "")


INCIDENT_FIELDS = ("title", "service", "summary", "impact", "started", "changes", "notify")


class FieldSet(BodyModel):
    """An intake answer or the title changed after declaration."""

    kind: Literal["field_set"] = "field_set"
    field: Literal["title", "service", "summary", "impact", "started", "changes", "notify"]
    value_: str = Field("", alias="value")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def register(self) -> Register:
        return ("field", self.field)

    def value(self) -> str:
        return self.value_

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"{self.field.capitalize()}: {self.value_}"


class SeveritySet(BodyModel):
    kind: Literal["severity_set"] = "severity_set"
    severity: Severity
    reason: str = ""
    alias: Alias = ""  # the severity as typed, when it was an alias (P0)

    def register(self) -> Register:
        return ("severity",)

    def value(self) -> Severity:
        return self.severity

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        why = f": {self.reason}" if self.reason else ""
        return f"Severity {self.severity.value}{said(self.alias)}{why}"


class PhaseSet(BodyModel):
    kind: Literal["phase_set"] = "phase_set"
    phase: Phase
    reason: str = ""

    def register(self) -> Register:
        return ("phase",)

    def value(self) -> Phase:
        return self.phase

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"Phase → {self.phase.value}" + (f": {self.reason}" if self.reason else "")


class RoleAssigned(BodyModel):
    kind: Literal["role_assigned"] = "role_assigned"
    role: Role
    person: Name
    note: str = ""  # a handover briefing, when the role changes hands
    alias: Alias = ""  # the role as typed, when it was an alias

    def register(self) -> Register:
        return (
            ("role", self.role.value, self.person) if self.role.multi else ("role", self.role.value)
        )

    def value(self) -> str:
        return self.person

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        note = f" — {self.note}" if self.note else ""
        return f"{self.person} is {self.role.title}{said(self.alias)}{note}"


class RoleReleased(BodyModel):
    kind: Literal["role_released"] = "role_released"
    role: Role
    person: Name
    note: str = ""

    def register(self) -> Register:
        return (
            ("role", self.role.value, self.person) if self.role.multi else ("role", self.role.value)
        )

    def value(self) -> None:
        return None

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"{self.person} released {self.role.title}" + (
            f" — {self.note}" if self.note else ""
        )


if TYPE_CHECKING:
    EntryKind = str
else:
    EntryKind = Literal[kinds.ENTRY_KINDS]  # the entry kinds of the one table


class Entry(BodyModel):
    """What scribes type: a note, decision, evidence (verbatim, may be multi-line), an action
    taken, a hypothesis or an open question."""

    kind: EntryKind = "note"
    text: NonEmpty
    link: str = ""

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return self.text + (f" <{self.link}>" if self.link and self.link not in self.text else "")


class EntryResolved(BodyModel):
    """A hypothesis confirmed or ruled out, an open question answered."""

    kind: Literal["entry_resolved"] = "entry_resolved"
    target: str
    resolution: Resolution
    text: str = ""

    def register(self) -> Register:
        return ("resolution", self.target)

    def value(self) -> Resolution:
        return self.resolution

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        label = self.resolution.value.replace("_", " ").capitalize()
        return label + (f" “{about}”" if about else "") + (f": {self.text}" if self.text else "")


class MitigationStarted(BodyModel):
    kind: Literal["mitigation_started"] = "mitigation_started"
    what: NonEmpty
    by: Name
    override: str = ""  # why a second mitigation starts while one has no outcome

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        over = f" (override: {self.override})" if self.override else ""
        return f"Mitigation started by {self.by}: {self.what}{over}"


class MitigationOutcome(BodyModel):
    kind: Literal["mitigation_outcome"] = "mitigation_outcome"
    mitigation: str
    outcome: Outcome
    note: str = ""

    def register(self) -> Register:
        return ("mitigation", self.mitigation)

    def value(self) -> Outcome:
        return self.outcome

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        label = self.outcome.value.replace("_", " ")
        of = f" of “{about}”" if about else ""
        return f"Mitigation outcome{of}: {label}" + (f" — {self.note}" if self.note else "")


class TaskDelegated(BodyModel):
    kind: Literal["task_delegated"] = "task_delegated"
    task: NonEmpty
    owner: Name
    due: datetime | None = None
    # When the owner reports back; a status change or a note naming them resets the clock
    # (cockpit.core.nudges). Written only when set.
    report_back: AwareDatetime | None = Field(None, exclude_if=lambda v: v is None)

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        due = f" (due {clock(self.due, tz)})" if self.due else ""
        return f"Task for {self.owner}: {self.task}{due}"


class TaskStatusSet(BodyModel):
    kind: Literal["task_status"] = "task_status"
    target: str
    status: Literal[TaskStatus.ACKNOWLEDGED, TaskStatus.DONE, TaskStatus.DROPPED]
    note: str = ""

    def register(self) -> Register:
        return ("task", self.target)

    def value(self) -> TaskStatus:
        return self.status

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        task = f"Task “{about}”" if about else "Task"
        return f"{task} {self.status.value}" + (f": {self.note}" if self.note else "")


class ChecklistItemSet(BodyModel):
    kind: Literal["checklist_item"] = "checklist_item"
    checklist: Name
    item: Name
    checked: bool = True

    def register(self) -> Register:
        return ("check", self.checklist, self.item)

    def value(self) -> bool:
        return self.checked

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        mark = "☑" if self.checked else "☐"
        return f"{mark} {self.checklist}: {self.item}"


class StatusUpdate(BodyModel):
    """An update to one audience (`vocabulary.audience_of` reads the "internal" and "external"
    of before the four). The fields below `next_in_minutes` are written only when set."""

    kind: Literal["status_update"] = "status_update"
    audience: str = "internal"
    text: NonEmpty
    next_in_minutes: int | None = Field(None, ge=1, le=24 * 60)
    template: str = Field("", max_length=64, exclude_if=lambda v: not v)
    stage: Stage | None = Field(None, exclude_if=lambda v: v is None)
    # Where it is sent, by configured name (cockpit/comms); written only when there are some.
    destinations: tuple[Name, ...] = Field((), max_length=20, exclude_if=lambda v: not v)

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        stage = f" [{self.stage.value}]" if self.stage else ""
        sent = f" → {', '.join(self.destinations)}" if self.destinations else ""
        nxt = f" (next in {self.next_in_minutes} min)" if self.next_in_minutes else ""
        return f"Update to {self.audience}{stage}{sent}: {self.text}{nxt}"


class PersonPaged(BodyModel):
    kind: Literal["person_paged"] = "person_paged"
    person: Name
    via: str = ""

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"Paged {self.person}" + (f" via {self.via}" if self.via else "")


class PersonJoined(BodyModel):
    kind: Literal["person_joined"] = "person_joined"
    person: Name

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        return f"{self.person} joined"


Body = Annotated[
    IncidentDeclared
    | FieldSet
    | SeveritySet
    | PhaseSet
    | RoleAssigned
    | RoleReleased
    | Entry
    | EntryResolved
    | MitigationStarted
    | MitigationOutcome
    | TaskDelegated
    | TaskStatusSet
    | ChecklistItemSet
    | StatusUpdate
    | PersonPaged
    | PersonJoined
    | PersonLeft
    | BreakTaken
    | NudgeSnoozed
    | EntryEdited
    | EntryRedacted
    | EntryPinned
    | IncidentLinked
    | FollowupAdded
    | FollowupSet
    | QuestionAsked
    | QuestionSettled
    | milestones.Milestone
    | pages.PageAcknowledged
    | Delivery
    | ending.CriteriaChecked
    | ending.CloseOverridden
    | ending.StoodDown
    | IncidentRestricted,
    Field(discriminator="kind"),
]


# Every kind above has its row in cockpit.core.kinds, the one list (a test holds them equal).
class Event(Versioned):  # `v`, `recorded_by`, unknown entries: cockpit.core.versions
    """One immutable fact about an incident."""

    id: Annotated[str, Field(min_length=1, max_length=64)]
    incident: Annotated[str, Field(min_length=1, max_length=64)]
    author: Name
    at: AwareDatetime  # when it happened; a scribe may backdate it
    recorded_at: AwareDatetime  # when it was written down
    hlc: str  # hybrid logical clock, see cockpit.core.hlc
    prev: tuple[str, ...] = ()  # the register values the author saw (ids)
    body: Annotated[Body | UnknownBody, Field(union_mode="left_to_right")]
    # The UTC offset (minutes east) of the wall clock the author typed `at` on (`14:02`, an
    # ISO time with or without one); absent for "now" and "-5m". `at` itself is the instant.
    at_offset: int | None = Field(None, ge=-1439, le=1439, exclude_if=lambda v: v is None)

    @property
    def kind(self) -> str:  # this and the rest: the protocol of cockpit.core.light.Item
        return self.body.kind

    @property
    def plain(self) -> bool:
        """Only text: sets no shared state, is about nothing, is never settled."""
        return self.body.kind in kinds.PLAIN_KINDS and type(self.body) is not UnknownBody

    @property
    def text(self) -> str:
        """The free text the author typed, for bodies that have one ('' for the others)."""
        return getattr(self.body, "text", "")

    def describe(self, *, tz: tzinfo) -> str:
        return self.body.describe(tz=tz)

    def to_event(self) -> Event:
        return self


# Built on first use, like the models (core/body.py says why); `warm()` builds them all.
EVENT_LIST = TypeAdapter(list[Event], config=ConfigDict(defer_build=True))
BODY = TypeAdapter(Body, config=ConfigDict(defer_build=True))
Event.known = KnownBodies(Body, BODY)


def parse_body(data: dict[str, Any]) -> Any:
    return BODY.validate_python(data)


def warm() -> None:
    """Build now the validators and serializers that are otherwise built on first use (the
    models defer them: core/body.py says why): the screen calls this once its first frame is
    drawn, so that the first entry written or read in full does not pay for them."""
    for model in get_args(get_args(Body)[0]):  # each kind, built alone (`new_event` does)
        model.model_rebuild()
    Event.model_rebuild()
    BODY.rebuild()
    EVENT_LIST.rebuild()
