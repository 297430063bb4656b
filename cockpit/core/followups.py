"""Follow-ups: the action items an incident leaves behind (PRACTICE.md, "After: learning").

Each is one `followup_added` event (what, who owns it, by when, and what kind of measure it
is) and a register of its own (`("followup", id)`) that `followup_set` events set: open,
done or dropped, each with a note (closing one says what was done, or why it was dropped; a
later `open` reopens it). They are added during the incident (the scribe hears "we need an
alert for this") or after it, and listed across incidents, the overdue ones first.

A due date is a day, typed through the one time parser (a future time): `2026-12-01` is due
by the end of that day in the user's zone (not at its first minute, which would make it
overdue on the day it is due); `7d`, `in 2w` or a full ISO time are taken as they are. The
due instant is stored with the UTC offset it was typed in, so it reads as the same date
everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import AwareDatetime, Field

from cockpit.core.body import BodyModel, Name, NonEmpty, Register
from cockpit.core.timeparse import FUTURE, BadTime, parse_time

if TYPE_CHECKING:
    from cockpit.core.events import Event
    from cockpit.core.state import IncidentState


class FollowupKind(StrEnum):
    """What a follow-up does about the next incident like this one."""

    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    PROCESS = "process"


FOLLOWUP_KIND_HELP: dict[FollowupKind, str] = {
    FollowupKind.PREVENT: "stop it from happening again (fix a contributing factor)",
    FollowupKind.DETECT: "notice it sooner (alerts, dashboards, probes)",
    FollowupKind.MITIGATE: "reduce the impact or recover faster next time",
    FollowupKind.PROCESS: "how we respond (runbooks, paging, communication)",
}


class FollowupStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


def parse_followup_kind(text: str) -> FollowupKind:
    key = text.strip().lower()
    aliases = {"prevention": "prevent", "detection": "detect", "mitigation": "mitigate"}
    try:
        return FollowupKind(aliases.get(key, key))
    except ValueError:
        names = ", ".join(k.value for k in FollowupKind)
        raise ValueError(f"unknown follow-up kind {text!r}; use one of: {names}") from None


class FollowupAdded(BodyModel):
    """An action item: what, who owns it, by when, and what kind of measure it is."""

    kind: Literal["followup_added"] = "followup_added"
    text: NonEmpty
    owner: Name
    category: FollowupKind  # `kind` names the event; this is the follow-up's kind
    due: AwareDatetime | None = Field(None, exclude_if=lambda v: v is None)

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        due = f", due {self.due:%Y-%m-%d}" if self.due else ", no due date"
        return f"Follow-up ({self.category.value}) for {self.owner}{due}: {self.text}"


class FollowupSet(BodyModel):
    """A follow-up closed (done, dropped) with a note, or reopened."""

    kind: Literal["followup_set"] = "followup_set"
    target: str
    status: FollowupStatus
    note: str = ""

    def register(self) -> Register:
        return ("followup", self.target)

    def value(self) -> FollowupStatus:
        return self.status

    def describe(self, about: str = "", *, tz: tzinfo) -> str:
        what = f"Follow-up “{about}”" if about else "Follow-up"
        word = "reopened" if self.status is FollowupStatus.OPEN else self.status.value
        return f"{what} {word}" + (f": {self.note}" if self.note else "")


@dataclass(frozen=True, slots=True)
class Followup:
    id: str
    incident: str
    text: str
    owner: str
    category: FollowupKind
    due: datetime | None
    added_at: datetime
    added_by: str
    status: FollowupStatus
    status_at: datetime | None  # when it was last closed or reopened
    status_by: str
    note: str  # the note of its last closing (or reopening)
    status_id: str | None  # the event that set the status (None while never set)

    @property
    def open(self) -> bool:
        return self.status is FollowupStatus.OPEN

    def overdue(self, now: datetime) -> bool:
        return self.open and self.due is not None and self.due < now

    def closed_late(self) -> bool:
        """Done after its due date."""
        return (
            self.status is FollowupStatus.DONE
            and self.due is not None
            and self.status_at is not None
            and self.status_at > self.due
        )


def followup(state: IncidentState, followup_id: str) -> Followup | None:
    e = state.followups.get(followup_id)
    if e is None:
        return None
    b = e.body
    assert isinstance(b, FollowupAdded)  # state.followups holds only these
    r = state.registers.get(("followup", followup_id))
    w = r.winner if r else None
    set_event = state.followup_sets.get(w.id) if w else None
    note = set_event.body.note if set_event and isinstance(set_event.body, FollowupSet) else ""
    return Followup(
        e.id, e.incident, b.text, b.owner, b.category, b.due, e.at, e.author,
        w.value if w else FollowupStatus.OPEN, w.at if w else None, w.author if w else "", note,
        w.id if w else None,
    )  # fmt: skip


def followups(state: IncidentState) -> list[Followup]:
    """Every follow-up of the incident, in the order they were added."""
    found = [followup(state, i) for i in state.followups]
    return sorted((f for f in found if f), key=lambda f: (f.added_at, f.id))


def by_urgency(items: list[Followup], now: datetime) -> list[Followup]:
    """Open ones first (overdue, then by due date, undated last), then the closed ones."""

    def key(f: Followup) -> tuple[int, datetime, datetime, str]:
        far = datetime.max.replace(tzinfo=UTC)
        rank = 0 if f.overdue(now) else 1 if f.open else 2
        return (rank, f.due or far, f.added_at, f.id)

    return sorted(items, key=key)


# "Follow-up completion rate" (PRACTICE.md, "Metrics"), defined once: `cockpit stats`, its
# --json and the screen's metrics view (N, Tab) say it beside the number.
ON_TIME_DEFINITION = (
    "Follow-ups completed on time: those done by their due date, out of every follow-up that "
    "is due or done (done ones with a due date, and open ones past their due date). Open ones "
    "not yet due, dropped ones and ones without a due date are counted beside, not in it."
)


@dataclass(frozen=True, slots=True)
class Completion:
    """How follow-ups were completed against their due dates (ON_TIME_DEFINITION)."""

    on_time: int = 0  # done by their due date
    done_late: int = 0  # done after it
    overdue: int = 0  # open, past their due date
    not_due: int = 0  # open, due later
    undated: int = 0  # no due date (done or open)
    dropped: int = 0

    @property
    def due(self) -> int:
        """Every follow-up the rate counts: due or done (with a due date)."""
        return self.on_time + self.done_late + self.overdue

    @property
    def rate(self) -> float | None:
        """on_time / due; None while none is due or done."""
        return self.on_time / self.due if self.due else None

    def __add__(self, other: Completion) -> Completion:
        return Completion(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        return (self.on_time, self.done_late, self.overdue, self.not_due, self.undated,
                self.dropped)  # fmt: skip


def completion(items: list[Followup], now: datetime) -> Completion:
    """How `items` were completed by `now` (ON_TIME_DEFINITION; `closed_late` says late)."""
    counts = dict.fromkeys(("on_time", "done_late", "overdue", "not_due", "undated", "dropped"), 0)
    for f in items:
        if f.status is FollowupStatus.DROPPED:
            key = "dropped"
        elif f.due is None:
            key = "undated"
        elif f.status is FollowupStatus.DONE:
            key = "done_late" if f.closed_late() else "on_time"
        else:
            key = "overdue" if f.overdue(now) else "not_due"
        counts[key] += 1
    return Completion(**counts)


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_due(text: str, now: datetime, tz: tzinfo, *, force: bool = False) -> datetime:
    """A follow-up's due date, through the one time parser (a future time; see the module):
    the instant, with the UTC offset of the zone it was typed in."""
    typed = " ".join(text.split())
    s = typed
    if _DATE.match(s):
        # A day: due by its end. Parsed as the day's last minute, so the parser's bounds and
        # its zone rules (a DST change that day) apply as they do to any other time.
        s = f"{s}T{time(23, 59).isoformat(timespec='minutes')}"
    try:
        when = parse_time(s, now, tz, FUTURE, force=force)
    except BadTime as exc:  # it quotes what it read: say what was typed
        raise type(exc)(str(exc).replace(repr(s), repr(typed))) from None
    offset = (
        timedelta(minutes=when.offset)
        if when.offset is not None
        else when.at.astimezone(tz).utcoffset() or timedelta(0)
    )
    return when.at.astimezone(timezone(offset))


def status_body(followup_id: str, status: FollowupStatus, note: str) -> dict[str, str]:
    """The body that closes (done, dropped: a note says what was done or why) or reopens a
    follow-up; ValueError when a closing has no note."""
    note = note.strip()
    if status is not FollowupStatus.OPEN and not note:
        done = "what was done (a link to the change, say)"
        why = done if status is FollowupStatus.DONE else "why it was dropped"
        raise ValueError(f"a follow-up is closed with a note: say {why}")
    return {"kind": "followup_set", "target": followup_id, "status": status.value, "note": note}


FOLLOWUP_KINDS = frozenset({"followup_added", "followup_set"})  # state.py hands these over


def add_followup(state: IncidentState, e: Event) -> None:
    """The reducer's part for follow-ups: each by id, and its closings (its owner is named)."""
    body = e.body  # by class: a newer cockpit's body of the same kind name adds nothing
    if isinstance(body, FollowupAdded):
        state.followups[e.id] = e
        state.see(body.owner, e.recorded_at)
    elif isinstance(body, FollowupSet):
        state.followup_sets[e.id] = e
