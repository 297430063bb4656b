"""The incident's state: a fold over its events.

`IncidentState.apply(event)` adds one event in O(1) (amortised; the severity history and the
update list are small and kept sorted). `fold(events)` builds a state from scratch. Any order
or duplication of the same events gives the same state (`snapshot()` compares them).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol, cast

from cockpit.core import events as ev
from cockpit.core.bulk import paused_gc
from cockpit.core.ending import ENDING_KINDS, Ending, add_ending
from cockpit.core.followups import FOLLOWUP_KINDS, add_followup
from cockpit.core.kinds import OPEN_KINDS
from cockpit.core.light import Item
from cockpit.core.links import IncidentLinked
from cockpit.core.milestones import SHAPE_KINDS, Lifecycle, PhaseStep, add_to_shape
from cockpit.core.pace_fold import PACE_KINDS, PaceFold, add_pace
from cockpit.core.pages import Pages
from cockpit.core.questions import QuestionAsked, QuestionSettled
from cockpit.core.registers import Register, Write
from cockpit.core.state_records import Conflict as Conflict
from cockpit.core.state_records import Holder as Holder
from cockpit.core.state_records import Mitigation as Mitigation
from cockpit.core.state_records import Task as Task
from cockpit.core.timeline import REDACTED
from cockpit.core.timeparse import mentions
from cockpit.core.vocabulary import Phase, Role, Severity, TaskStatus


def _sort_key(e: ev.Event) -> tuple[datetime, str, str]:
    return (e.at, e.hlc, e.id)


class IdSet(Protocol):
    """The ids of the events applied: a set, or what else already holds them."""

    def __contains__(self, event_id: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def add(self, event_id: str, /) -> None: ...


class IncidentState:
    def __init__(self, incident_id: str | None = None, ids: IdSet | None = None) -> None:
        """`ids`: where the ids of the events applied are kept (a set of their own by
        default; a screen passes its timeline's, cockpit.core.timeline.Timeline.known, which
        holds them anyway and learns each event right after the state)."""
        self.incident_id = incident_id
        self.declared: ev.Event | None = None
        self.registers: dict[tuple[str, ...], Register] = {}
        self._forked: set[tuple[str, ...]] = set()  # registers with more than one head now
        self._severity_sets: list[ev.Event] = []  # see `severity_history`
        self.updates: list[ev.Event] = []
        self.mitigations: dict[str, ev.Event] = {}
        self.tasks: dict[str, ev.Event] = {}
        self.open_items: dict[str, ev.Event] = {}  # hypotheses and questions, by id
        self.link_events: dict[str, ev.Event] = {}  # incident_linked, by id (core/links.py)
        self.followups: dict[str, ev.Event] = {}  # read by cockpit.core.followups
        self.followup_sets: dict[str, ev.Event] = {}  # their closings, for the notes
        # Stakeholders' questions and the IC's settling of them, by id (cockpit.core.inbox)
        self.questions: dict[str, ev.Event] = {}
        self.question_settles: dict[str, ev.Event] = {}
        self.redacted: set[str] = set()  # ids of redacted entries (their words stay out)
        self.on_call: dict[str, datetime] = {}  # first active (see `_see`)
        self.pace = PaceFold()  # named, joins, leaves, breaks, snoozes (core/roster.py, nudges)
        self.ids: IdSet = set() if ids is None else ids
        self.first_at: datetime | None = None
        self.last_at: datetime | None = None
        self.last_progress_at: datetime | None = None
        self.lifecycle = Lifecycle()  # milestones and the phase history (milestones.py)
        self.pages = Pages()  # who was paged, who answered (pages.py)
        self.ending = Ending()  # criteria checked, closes overridden, stand-downs (ending.py)

    # ---- applying -------------------------------------------------------------------------

    def apply(self, e: Item) -> bool:
        """Add one event; False if it was already applied (the id is the idempotency key)."""
        if e.id in self.ids:
            return False
        self._admit(e)
        if e.plain:  # most events: a light entry answers this from its class
            text = e.text
            if "@" in text:
                for name in mentions(text):
                    self.pace.mention(name, e.at)
            return True  # a plain entry only tells who was there, and when
        e = e.to_event()  # only plain entries come light: this is the event itself
        b = e.body
        reg = b.register()
        if reg is not None:
            r = self._register(reg)
            r.apply(Write(e.id, e.hlc, e.at, e.author, b.value()), e.prev)
            if len(r.head_ids) > 1:
                self._forked.add(reg)
            else:
                self._forked.discard(reg)
        match b:  # entries first: the most common after notes; each case is an isinstance test
            case ev.Entry(kind=k, text=text):
                if k in OPEN_KINDS:
                    self.open_items[e.id] = e
                if "@" in text:
                    for name in mentions(text):
                        self.pace.mention(name, e.at)
            case ev.IncidentDeclared():
                if self.declared is None or _sort_key(e) < _sort_key(self.declared):
                    self.declared = e
            case ev.SeveritySet():
                bisect.insort(self._severity_sets, e, key=_sort_key)
            case ev.StatusUpdate():
                bisect.insort(self.updates, e, key=_sort_key)
            case ev.RoleAssigned(person=p) | ev.PersonPaged(person=p) | ev.PersonJoined(person=p):
                if b.kind == "person_paged":
                    self.pace.name(p, e.at)  # paged is not yet on the call
                    self.pages.add_page(e)
                else:  # a join or a role taken at a time says they were there then
                    self._see(p, e.at)
                    if b.kind == "person_joined":
                        self.pace.apply(e)
            case ev.MitigationStarted():
                self.mitigations[e.id] = e
                self._see(b.by, e.recorded_at)
                self._progress(e.at)
            case ev.MitigationOutcome():
                self._progress(e.at)
            case ev.TaskDelegated():
                self.tasks[e.id] = e
                self._see(b.owner, e.recorded_at)
                self._progress(e.at)
            case ev.TaskStatusSet():
                self._progress(e.at)
            case IncidentLinked():
                self.link_events[e.id] = e
            case ev.EntryRedacted(target=target):
                self.redacted.add(target)
            case QuestionAsked():
                self.questions[e.id] = e
            case QuestionSettled():
                self.question_settles[e.id] = e
            case _ if b.kind in _FOLDS:  # kinds folded in modules of their own: one dict lookup
                _FOLDS[b.kind](self, e)  # (more isinstance tests would slow every state event)
        return True

    def _admit(self, e: Item) -> None:
        """What every event tells: it is here, who wrote it, and when."""
        if self.incident_id is None:
            self.incident_id = e.incident
        elif e.incident != self.incident_id:
            raise ValueError(
                f"event {e.id} belongs to incident {e.incident}, not {self.incident_id}"
            )
        self.ids.add(e.id)
        at = e.at
        self._see(e.author, e.recorded_at)  # here when they wrote it, not at a backdated `at`
        if self.first_at is None or at < self.first_at:
            self.first_at = at
        if self.last_at is None or at > self.last_at:
            self.last_at = at

    def apply_all(self, events: Iterable[Item]) -> int:
        with paused_gc():
            return sum(1 for e in events if self.apply(e))

    def _register(self, key: tuple[str, ...]) -> Register:
        r = self.registers.get(key)
        if r is None:
            r = self.registers[key] = Register()
        return r

    def _see(self, person: str, at: datetime) -> None:
        """Active at `at`: a write's recorded time, a join's (role's, break's) own time."""
        known = self.on_call.get(person)
        if known is None or at < known:
            self.on_call[person] = at

    see = _see  # for the reducer's parts in modules of their own (_FOLDS)

    def _progress(self, at: datetime) -> None:
        if self.last_progress_at is None or at > self.last_progress_at:
            self.last_progress_at = at

    # ---- reading --------------------------------------------------------------------------

    def register(self, *key: str) -> Register | None:
        return self.registers.get(tuple(key))

    def heads(self, *key: str) -> tuple[str, ...]:
        """The `prev` for a new write to this register."""
        r = self.registers.get(tuple(key))
        return r.heads() if r else ()

    def value(self, *key: str, default: Any = None) -> Any:
        r = self.registers.get(tuple(key))
        return default if r is None or r.winner is None else r.winner.value

    @property
    def people(self) -> dict[str, datetime]:
        """Everyone seen in the incident (active or only named), with when first seen."""
        return self.pace.people(self.on_call)

    @property
    def declared_at(self) -> datetime | None:
        return self.declared.at if self.declared else self.first_at

    def field(self, name: str) -> str:
        """An incident field (title, service, impact...) as it stands; a redacted one reads as
        the placeholder everywhere (the list, the header, the server's summary): a secret pasted
        into a title is hidden like one pasted into a note."""
        r = self.registers.get(("field", name))
        if r is not None and r.winner is not None:
            return REDACTED if r.winner.id in self.redacted else str(r.winner.value)
        if self.declared is not None:
            if self.declared.id in self.redacted:
                return REDACTED if getattr(self.declared.body, name, "") else ""
            return getattr(self.declared.body, name, "") or ""
        return ""

    @property
    def title(self) -> str:
        return self.field("title")

    @property
    def severity(self) -> Severity | None:
        r = self.registers.get(("severity",))
        if r is not None and r.winner is not None:
            severity: Severity = r.winner.value
            return severity
        if self.declared is None:
            return None
        return cast(ev.IncidentDeclared, self.declared.body).severity

    @property
    def severity_history(self) -> list[ev.Event]:
        """Every severity the incident had, in `at` order: the one it was declared with (its
        `incident_declared` event, when the declaration gave one), then each change."""
        history = list(self._severity_sets)
        d = self.declared
        if d is not None and isinstance(d.body, ev.IncidentDeclared) and d.body.severity:
            bisect.insort(history, d, key=_sort_key)
        return history

    @property
    def severity_since(self) -> datetime | None:
        r = self.registers.get(("severity",))
        if r is not None and r.winner is not None:
            return r.winner.at
        return self.declared_at if self.severity else None

    @property
    def phase(self) -> Phase:
        phase: Phase = self.value("phase", default=Phase.DECLARED)
        return phase

    @property
    def phase_history(self) -> list[PhaseStep]:
        """The declaration, then each phase change, in `at` order (milestones.Lifecycle)."""
        return self.lifecycle.phase_history(self.declared)

    @property
    def milestones(self) -> list[ev.Event]:
        """The milestones that count (a corrected one does not), in `at` order."""
        return self.lifecycle.milestones

    def holders(self, role: Role) -> list[Holder]:
        if not role.multi:
            r = self.registers.get(("role", role.value))
            w = r.winner if r else None
            return [Holder(role, w.value, w.at, w.id)] if w and w.value else []
        out = []
        for key, r in self.registers.items():
            if len(key) == 3 and key[0] == "role" and key[1] == role.value:
                w = r.winner
                if w is not None and w.value:
                    out.append(Holder(role, w.value, w.at, w.id))
        return sorted(out, key=lambda h: (h.since, h.person))

    def role_board(self) -> dict[Role, list[Holder]]:
        return {role: self.holders(role) for role in Role}

    def roles_of(self, person: str) -> list[Role]:
        return [r for r in Role if any(h.person == person for h in self.holders(r))]

    def mitigation(self, mitigation_id: str) -> Mitigation | None:
        e = self.mitigations.get(mitigation_id)
        if e is None:
            return None
        r = self.registers.get(("mitigation", e.id))
        w = r.winner if r else None
        b = cast(ev.MitigationStarted, e.body)  # self.mitigations holds only these
        return Mitigation(
            e.id, b.what, b.by, e.at, b.override,
            w.value if w else None, w.at if w else None,
        )  # fmt: skip

    def all_mitigations(self) -> list[Mitigation]:
        ms = [self.mitigation(i) for i in self.mitigations]
        return sorted((m for m in ms if m), key=lambda m: (m.started_at, m.id))

    def mitigations_in_flight(self) -> list[Mitigation]:
        return [m for m in self.all_mitigations() if m.outcome is None]

    @property
    def current_mitigation(self) -> Mitigation | None:
        flying = self.mitigations_in_flight()
        return flying[-1] if flying else None

    def task(self, task_id: str) -> Task | None:
        e = self.tasks.get(task_id)
        if e is None:
            return None
        r = self.registers.get(("task", e.id))
        w = r.winner if r else None
        status = w.value if w else TaskStatus.DELEGATED
        b = cast(ev.TaskDelegated, e.body)  # self.tasks holds only these
        return Task(
            e.id, b.task, b.owner, b.due, e.at, e.author, status,
            w.at if w else e.at, b.report_back,
        )  # fmt: skip

    def all_tasks(self) -> list[Task]:
        ts = [self.task(i) for i in self.tasks]
        return sorted((t for t in ts if t), key=lambda t: (t.delegated_at, t.id))

    def open_tasks(self) -> list[Task]:
        done = (TaskStatus.DONE, TaskStatus.DROPPED)
        return [t for t in self.all_tasks() if t.status not in done]

    def checked(self, checklist: str, item: str) -> Write | None:
        """The write that checked this item, or None if it is not checked."""
        r = self.registers.get(("check", checklist, item))
        w = r.winner if r else None
        return w if w and w.value else None

    def resolution(self, entry_id: str) -> Write | None:
        r = self.registers.get(("resolution", entry_id))
        return r.winner if r else None

    def pinned(self) -> set[str]:
        """Ids of the entries pinned now."""
        return {k[1] for k, r in self.registers.items() if k[0] == "pin" and r.value}

    def open_questions(self) -> list[ev.Event]:
        """Hypotheses not yet confirmed or ruled out, questions not yet answered."""
        items = [e for i, e in self.open_items.items() if self.resolution(i) is None]
        return sorted(items, key=_sort_key)

    @property
    def last_update(self) -> ev.Event | None:
        return self.updates[-1] if self.updates else None

    def conflicts(self) -> list[Conflict]:
        # Only registers with several heads can be in conflict: no walk over every register
        # (the screen asks on every tick and every new entry).
        out = [Conflict(k, c) for k in self._forked if (c := self.registers[k].conflict())]
        return sorted(out, key=lambda c: c.register)

    def snapshot(self) -> dict[str, Any]:
        """Every derived view as plain data: equal snapshots mean equal states."""
        from cockpit.core.state_snapshot import snapshot  # tests and checks only

        return snapshot(self)


def fold(events: Iterable[ev.Event], incident_id: str | None = None) -> IncidentState:
    state = IncidentState(incident_id)
    state.apply_all(events)
    return state


# The reducer's parts in modules of their own, by kind (after the cases in `apply`).
_Part = Callable[[IncidentState, ev.Event], None]
_PARTS: tuple[tuple[frozenset[str], _Part], ...] = (
    (SHAPE_KINDS, add_to_shape), (FOLLOWUP_KINDS, add_followup), (PACE_KINDS, add_pace),
    (ENDING_KINDS, add_ending),
)  # fmt: skip
_FOLDS: dict[str, _Part] = {kind: part for kinds, part in _PARTS for kind in kinds}
