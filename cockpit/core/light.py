"""Plain entries (notes, decisions, evidence, actions) without the weight of a pydantic event.

An incident of 100,000 entries is nearly all such entries. Built as pydantic models, each costs
about 7 µs to read and over 1 KB to hold; as these slotted records, a fraction of both. They
come from the local file, which only ever holds events that were validated on the way in, so
they are not validated again; `to_event()` gives the full event when one is needed.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, cast, final

from cockpit.core import events as ev

# Kinds that set no shared state, resolve nothing and are never resolved: only text.
LIGHT_KINDS = frozenset({"note", "decision", "evidence", "action"})


@final  # no subclasses: `type(e) is LightEntry` tells the type checker e is an Event otherwise
class LightEntry(NamedTuple):  # a tuple: built in C, 9 slots, immutable
    id: str
    incident: str
    author: str
    at: datetime
    recorded_at: datetime
    hlc: str
    kind: str
    text: str
    link: str = ""

    @property
    def prev(self) -> tuple[str, ...]:
        return ()  # entries never set shared state

    def describe(self) -> str:
        link = self.link
        return self.text + (f" <{link}>" if link and link not in self.text else "")

    def to_event(self) -> ev.Event:
        return ev.Event(
            id=self.id,
            incident=self.incident,
            author=self.author,
            at=self.at,
            recorded_at=self.recorded_at,
            hlc=self.hlc,
            body=ev.Entry(kind=cast(ev.EntryKind, self.kind), text=self.text, link=self.link),
        )

    @classmethod
    def from_event(cls, e: ev.Event) -> LightEntry:
        b = e.body
        if not isinstance(b, ev.Entry) or b.kind not in LIGHT_KINDS:
            raise ValueError(f"{e.kind} is not a plain entry")
        return cls(e.id, e.incident, e.author, e.at, e.recorded_at, e.hlc, b.kind, b.text, b.link)


Item = ev.Event | LightEntry
