"""Plain entries (notes, decisions, evidence, actions) without the weight of a pydantic event,
and `Item`, the one protocol the reducer, the timeline and the screen use for both.

An incident of 100,000 entries is nearly all such entries. Built as pydantic models, each costs
about 7 µs to read and over 1 KB to hold; as these slotted records, a fraction of both. They
come from the local file, which only ever holds events that were validated on the way in, so
they are not validated again; `to_event()` gives the full event when one is needed.

Nobody asks which of the two classes they hold: `item.plain` says whether it is only text
(true of every light entry, and of a full event of a plain kind), `item.describe(tz=...)` how it
reads, `item.body` what it says (built on demand for a light entry: cheap, not free).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import NamedTuple, Protocol, final

from cockpit.core import events as ev
from cockpit.core.kinds import PLAIN_KINDS
from cockpit.core.versions import UnknownBody


class Item(Protocol):
    """A timeline item: a full `Event` or a `LightEntry`."""

    @property
    def id(self) -> str: ...
    @property
    def incident(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def recorded_at(self) -> datetime: ...
    @property
    def hlc(self) -> str: ...
    @property
    def at_offset(self) -> int | None: ...
    @property
    def recorded_by(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def prev(self) -> tuple[str, ...]: ...
    @property
    def plain(self) -> bool: ...
    @property
    def text(self) -> str: ...
    @property
    def body(self) -> ev.Body | UnknownBody: ...
    def describe(self, *, tz: tzinfo) -> str: ...
    def to_event(self) -> ev.Event: ...


@final  # no subclasses
class LightEntry(NamedTuple):  # a tuple: built in C, slotted, immutable
    id: str
    incident: str
    author: str
    at: datetime
    recorded_at: datetime
    hlc: str
    kind: str
    text: str
    link: str = ""
    at_offset: int | None = None
    recorded_by: str = ""  # who recorded it when not its author (cockpit.core.versions)

    @property
    def plain(self) -> bool:  # for the type checker: a class attribute replaces it, below
        return True

    @property
    def prev(self) -> tuple[str, ...]:
        return ()  # entries never set shared state

    @property
    def body(self) -> ev.Entry:
        return ev.Entry(kind=self.kind, text=self.text, link=self.link)

    def describe(self, *, tz: tzinfo) -> str:  # the text as typed: no time of ours in it
        link = self.link
        return self.text + (f" <{link}>" if link and link not in self.text else "")

    def to_event(self) -> ev.Event:
        e = ev.Event(
            id=self.id,
            incident=self.incident,
            author=self.author,
            at=self.at,
            recorded_at=self.recorded_at,
            hlc=self.hlc,
            body=self.body,
            at_offset=self.at_offset,
        )
        return e.model_copy(update={"recorded_by": self.recorded_by}) if self.recorded_by else e

    @classmethod
    def from_event(cls, e: ev.Event) -> LightEntry:
        b = e.body
        if not isinstance(b, ev.Entry) or b.kind not in PLAIN_KINDS:
            raise ValueError(f"{e.kind} is not a plain entry")
        return cls(e.id, e.incident, e.author, e.at, e.recorded_at, e.hlc, b.kind, b.text,
                   b.link, e.at_offset, e.recorded_by)  # fmt: skip


# The fold asks `plain` of every one of 100,000 entries: read from the class it costs half what
# the property costs (NamedTuple allows no class attribute the type checker would accept).
LightEntry.plain = True  # type: ignore[assignment]
