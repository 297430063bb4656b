"""The pace issue's part of the fold: who joined and left the call, their breaks, the pages,
the nudges snoozed, and when each person was last named in a note. (Pages and their
acknowledgements are the closing issue's: `cockpit.core.pages`.)

`IncidentState.apply` hands these events here (O(1) each: a list append or a dict write), so
that the state module stays about the incident itself. Every fact is kept as a set or a
maximum, so any order or duplication of the same events folds to the same facts; the
roster (`cockpit.core.roster`) and the nudges (`cockpit.core.nudges`) read them with a time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cockpit.core import events as ev
from cockpit.core.pace import BreakTaken, NudgeSnoozed, PersonLeft

if TYPE_CHECKING:
    from cockpit.core.state import IncidentState


@dataclass(frozen=True, slots=True)
class Break:
    person: str
    start: datetime
    end: datetime  # == start for a break of unknown length (taken at `start`)
    event_id: str


PACE_KINDS = frozenset({"person_left", "break_taken", "nudge_snoozed"})  # state.py hands these


def add_pace(state: IncidentState, e: ev.Event) -> None:
    """The reducer's part for PACE_KINDS: on a break or gone, the person was on the call."""
    person = state.pace.apply(e)
    if person:
        state.see(person, e.at)


def _break_key(b: Break) -> tuple[datetime, str]:
    return (b.start, b.event_id)


def _key(e: ev.Event) -> tuple[datetime, str, str]:
    return (e.at, e.hlc, e.id)


class PaceFold:
    def __init__(self) -> None:
        self.joins: dict[str, list[datetime]] = {}  # person_joined, by person, sorted
        self.leaves: dict[str, list[datetime]] = {}  # person_left, by person, sorted
        self.breaks: dict[str, list[Break]] = {}  # by person, in start order
        self.snoozes: dict[str, ev.Event] = {}  # the latest nudge_snoozed of each nudge
        self.heard: dict[str, datetime] = {}  # the latest note that named a person (@name)
        self.named: dict[str, datetime] = {}  # first named (a mention, a page), not active

    def apply(self, e: ev.Event) -> str:
        """Add one event (a join, a leave, a break, a snooze); the person it is about, if any.
        By class: a body this reader does not know, of the same kind name, adds nothing."""
        b: Any = e.body
        match b:
            case ev.PersonJoined(person=p):
                bisect.insort(self.joins.setdefault(p, []), e.at)
            case PersonLeft(person=p):
                bisect.insort(self.leaves.setdefault(p, []), e.at)
            case BreakTaken(person=p):
                end = b.until or (e.at + timedelta(minutes=b.minutes) if b.minutes else e.at)
                brk = Break(p, e.at, max(end, e.at), e.id)
                bisect.insort(self.breaks.setdefault(p, []), brk, key=_break_key)
            case NudgeSnoozed(nudge=n):
                known = self.snoozes.get(n)
                if known is None or _key(e) > _key(known):
                    self.snoozes[n] = e
                return ""
            case _:
                return ""
        return str(b.person)

    def name(self, person: str, at: datetime) -> None:
        known = self.named.get(person)
        if known is None or at < known:
            self.named[person] = at

    def mention(self, person: str, at: datetime) -> None:
        """A note names them (@priya): word from them, for the report-back nudge."""
        self.name(person, at)
        known = self.heard.get(person)
        if known is None or at > known:
            self.heard[person] = at

    def people(self, on_call: dict[str, datetime]) -> dict[str, datetime]:
        """Everyone seen: the active (`on_call`) and the only named, when first seen."""
        out = dict(self.named)
        for person, at in on_call.items():
            if person not in out or at < out[person]:
                out[person] = at
        return out

    def snapshot(self) -> dict[str, Any]:
        return {
            "joins": dict(sorted(self.joins.items())),
            "leaves": dict(sorted(self.leaves.items())),
            "breaks": {p: [(x.start, x.end) for x in bs] for p, bs in sorted(self.breaks.items())},
            "snoozes": {n: e.id for n, e in sorted(self.snoozes.items())},
            "heard": dict(sorted(self.heard.items())),
            "named": dict(sorted(self.named.items())),
        }
