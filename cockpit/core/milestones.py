"""The incident's shape: the facts with times (milestones) and the timed phase history.

An incident does not start when it is declared, nor end when the fix lands (PRACTICE.md,
"Metrics"): impact starts, often before anyone notices; someone or something detects it; the
cause is identified; impact is reduced (mitigated) and ends, perhaps for one component only,
perhaps to come back. Each of those is a `milestone` event, backdatable like any other entry.

The lifecycle (resolving, closing, reopening) is not a milestone: it is the phase, the
decision in force, which people set. `Lifecycle` keeps the phase changes as a history in
`at` order beside the register that holds the phase now, so that "when was it resolved, and
was it reopened" is a fact with times too.

A milestone recorded wrongly (a wrong time, a wrong component) is corrected by another that
names it (`corrects`): the log keeps both, and the corrected one stops counting.

The impact windows these milestones make are cockpit.core.impact's; which orders of them are
impossible (an end before the start it ends) is cockpit.core.shape_order's.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import Field, model_validator

from cockpit.core.body import MAX_TEXT, BodyModel
from cockpit.core.ids import short
from cockpit.core.vocabulary import Phase

if TYPE_CHECKING:
    from cockpit.core.events import Event, PhaseSet
    from cockpit.core.pages import PageAcknowledged
    from cockpit.core.state import IncidentState


class MilestoneName(StrEnum):
    IMPACT_STARTED = "impact_started"
    IMPACT_ENDED = "impact_ended"
    DETECTED = "detected"
    CAUSE_IDENTIFIED = "cause_identified"
    MITIGATED = "mitigated"

    @property
    def title(self) -> str:  # type: ignore[override]
        return MILESTONE_TITLES[self]

    @property
    def definition(self) -> str:
        return MILESTONE_HELP[self]


MILESTONE_TITLES: dict[MilestoneName, str] = {
    MilestoneName.IMPACT_STARTED: "Impact started",
    MilestoneName.IMPACT_ENDED: "Impact ended",
    MilestoneName.DETECTED: "Detected",
    MilestoneName.CAUSE_IDENTIFIED: "Cause identified",
    MilestoneName.MITIGATED: "Mitigated",
}

MILESTONE_HELP: dict[MilestoneName, str] = {
    MilestoneName.IMPACT_STARTED: "Customers began to be affected (often before anyone noticed); "
    "for one component or the whole service, degraded or outage.",
    MilestoneName.IMPACT_ENDED: "Customers are no longer affected: for one component, or "
    "everywhere when none is named.",
    MilestoneName.DETECTED: "Someone or something noticed: a monitoring alert, a customer "
    "report, an employee.",
    MilestoneName.CAUSE_IDENTIFIED: "The cause is known well enough to act on.",
    MilestoneName.MITIGATED: "Customer impact reduced, not necessarily over.",
}


class ImpactLevel(StrEnum):
    DEGRADED = "degraded"
    OUTAGE = "outage"


class DetectedHow(StrEnum):
    MONITORING = "monitoring"
    CUSTOMER = "customer"
    EMPLOYEE = "employee"
    OTHER = "other"


DETECTED_HOW_TEXT: dict[DetectedHow, str] = {
    DetectedHow.MONITORING: "a monitoring alert",
    DetectedHow.CUSTOMER: "a customer report",
    DetectedHow.EMPLOYEE: "an employee noticed",
    DetectedHow.OTHER: "another way",
}

_NAME_WORDS = {
    **{m.value: m for m in MilestoneName},
    "impact_start": MilestoneName.IMPACT_STARTED,
    "impact_end": MilestoneName.IMPACT_ENDED,
    "identified": MilestoneName.CAUSE_IDENTIFIED,
    "cause": MilestoneName.CAUSE_IDENTIFIED,
    "cause_found": MilestoneName.CAUSE_IDENTIFIED,
}
_HOW_WORDS = {
    **{h.value: h for h in DetectedHow},
    "alert": DetectedHow.MONITORING,
    "customers": DetectedHow.CUSTOMER,
    "employees": DetectedHow.EMPLOYEE,
    "staff": DetectedHow.EMPLOYEE,
}


def _key(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


def parse_milestone(text: str) -> MilestoneName:
    """`impact-started`, `impact started`, `impact_started`, `cause` ..."""
    try:
        return _NAME_WORDS[_key(text)]
    except KeyError:
        names = ", ".join(m.value for m in MilestoneName)
        raise ValueError(f"unknown milestone {text!r}; use one of: {names}") from None


def parse_level(text: str) -> ImpactLevel:
    try:
        return ImpactLevel(_key(text))
    except ValueError:
        raise ValueError(f"unknown impact level {text!r}; use degraded or outage") from None


def parse_how(text: str) -> DetectedHow:
    try:
        return _HOW_WORDS[_key(text)]
    except KeyError:
        names = ", ".join(h.value for h in DetectedHow)
        raise ValueError(f"unknown way of detection {text!r}; use one of: {names}") from None


def component_key(component: str) -> str:
    """Components compare without case or extra spaces: `Checkout API` is `checkout  api`."""
    return " ".join(component.split()).casefold()


def _unset(value: object) -> bool:
    return value is None or value == ""


class Milestone(BodyModel):
    """A fact about the incident's shape, with its time (`at`, often backdated)."""

    kind: Literal["milestone"] = "milestone"
    name: MilestoneName
    # A part of the service ("" is the whole service). Written only when given, as are the
    # fields below: a later release adds fields the same way.
    component: Annotated[str, Field(max_length=200, exclude_if=_unset)] = ""
    level: Annotated[ImpactLevel | None, Field(exclude_if=_unset)] = None  # impact_started
    how: Annotated[DetectedHow | None, Field(exclude_if=_unset)] = None  # detected
    text: Annotated[str, Field(max_length=MAX_TEXT, exclude_if=_unset)] = ""
    corrects: Annotated[str, Field(max_length=64, exclude_if=_unset)] = ""  # a milestone's id

    @model_validator(mode="after")
    def _fits_its_name(self) -> Milestone:
        if self.level is not None and self.name is not MilestoneName.IMPACT_STARTED:
            raise ValueError("a level (degraded, outage) goes with impact_started only")
        if self.how is not None and self.name is not MilestoneName.DETECTED:
            raise ValueError("how it was detected goes with detected only")
        return self

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        out = self.name.title
        scope = ", ".join(x for x in (self.component.strip(), self.level or "") if x)
        if scope:
            out += f" ({scope})"
        if self.how is not None:
            out += f" by {DETECTED_HOW_TEXT[self.how]}"
        if self.text:
            out += f": {self.text}"
        if self.corrects:
            out += f" [corrects {short(self.corrects)}]"
        return out


# ---- the state's part: milestones and the phase history -----------------------------------


@dataclass(frozen=True, slots=True)
class PhaseStep:
    """One move of the phase: to `phase` at `at` (the declaration is the first step)."""

    phase: Phase
    at: datetime
    author: str
    reason: str
    event_id: str
    kind: str  # incident_declared or phase_set


ENDED_PHASES = (Phase.RESOLVED, Phase.CLOSED)


def _sort_key(e: Event) -> tuple[datetime, str, str]:
    return (e.at, e.hlc, e.id)


def body(e: Event) -> Milestone:
    """A milestone event's body (the lists here hold only milestones)."""
    return cast(Milestone, e.body)


class Lifecycle:
    """The milestones and the phase changes of one incident, each kept in `at` order.
    Adding one is a binary insertion into a short list; the reducer calls `add`."""

    def __init__(self) -> None:
        self._milestones: list[Event] = []
        self._corrected: set[str] = set()
        self._phases: list[Event] = []

    def add_milestone(self, e: Event) -> None:
        bisect.insort(self._milestones, e, key=_sort_key)
        corrects = body(e).corrects
        if corrects:
            self._corrected.add(corrects)

    def add_phase(self, e: Event) -> None:
        bisect.insort(self._phases, e, key=_sort_key)

    @property
    def milestones(self) -> list[Event]:
        """Every milestone that counts (not corrected by a later one), in `at` order."""
        return [e for e in self._milestones if e.id not in self._corrected]

    @property
    def all_milestones(self) -> list[Event]:
        """Every milestone recorded, corrected ones included (they stay in the log)."""
        return list(self._milestones)

    @property
    def phase_events(self) -> list[Event]:
        """The phase changes, in `at` order."""
        return list(self._phases)

    def corrected(self, event_id: str) -> bool:
        return event_id in self._corrected

    def first(self, name: MilestoneName) -> Event | None:
        """The earliest milestone of that name that counts."""
        for e in self._milestones:
            if body(e).name is name and e.id not in self._corrected:
                return e
        return None

    def last(self, name: MilestoneName) -> Event | None:
        """The latest milestone of that name that counts (a monitoring window runs from the
        last `mitigated`: impact may have come back and been reduced again)."""
        for e in reversed(self._milestones):
            if body(e).name is name and e.id not in self._corrected:
                return e
        return None

    def phase_history(self, declared: Event | None) -> list[PhaseStep]:
        """The declaration, then every phase change, in `at` order."""
        steps = []
        if declared is not None:
            steps.append(PhaseStep(Phase.DECLARED, declared.at, declared.author, "", declared.id,
                                   declared.kind))  # fmt: skip
        for e in self._phases:
            b = cast("PhaseSet", e.body)  # only phase changes are added here
            steps.append(PhaseStep(b.phase, e.at, e.author, b.reason, e.id, e.kind))
        return steps


SHAPE_KINDS = frozenset({"phase_set", "milestone", "page_acknowledged"})


def add_to_shape(state: IncidentState, e: Event) -> None:
    """The reducer's part for the shape's kinds (SHAPE_KINDS): phase changes, milestones,
    answers to pages (who answered was there, too)."""
    kind = e.body.kind
    if kind == "phase_set":
        state.lifecycle.add_phase(e)
    elif kind == "milestone":
        state.lifecycle.add_milestone(e)
    elif kind == "page_acknowledged":
        state.see(cast("PageAcknowledged", e.body).person, e.recorded_at)
        state.pages.add_ack(e)


def resolution(history: list[PhaseStep]) -> tuple[PhaseStep | None, PhaseStep | None]:
    """(the last move into resolved or closed, the step that reopened it after that).

    A move counts when it comes from an open phase (resolved, then closed, is one move). The
    second is None unless the incident is open again after its last resolution."""
    last_end: PhaseStep | None = None
    was_ended = False
    reopened: PhaseStep | None = None
    for step in history:
        ended = step.phase in ENDED_PHASES
        if ended and not was_ended:
            last_end, reopened = step, None
        elif not ended and was_ended:
            reopened = step
        was_ended = ended
    return last_end, reopened
