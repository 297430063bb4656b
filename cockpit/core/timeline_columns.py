"""The timeline's entries held compactly: one slot per entry in a few flat columns.

An incident of 100,000 entries is nearly all plain notes nobody edited. Held as a light record
and a row object each (with its sort key, its time and its search caches), they cost ~700 bytes
apiece, several times what the lines they show do (issue 12: the cockpit's memory at 100,000
entries within 2x a bare Textual app showing as many lines). Here such an entry is its id and
its text (packed into long strings, cockpit.core.packed) and a few machine numbers in arrays: its time in
microseconds, its clock value, its author and kind as indexes into small tables. Its `Row` is
built from these when it is asked for (only the lines on screen are, when painting).

Every other entry (a full event, an edited, redacted or quoted one, or a plain one with a link,
a time zone, a proxy, a backdating) keeps its `Row` in `kept`; its slot still holds its id, time
and clock value, which is all the timeline's order and lookups read.
"""

from __future__ import annotations

from array import array
from datetime import UTC, datetime, timedelta, tzinfo

from cockpit.core import hlc
from cockpit.core.light import Item, LightEntry
from cockpit.core.packed import IdIndex, PackedStrings
from cockpit.core.timeline_row import Row

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
NO_CLOCK = -1  # the clock value is not in the canonical form: read it from the kept row
_CLOCK_MAX = (2**63 - 1) // 1_000_000  # the milliseconds a clock value may hold in an int64


def micros(when: datetime) -> int:
    """Microseconds since the epoch: the order of aware datetimes, as one machine number."""
    return (when - EPOCH) // _US


def clock_number(value: str) -> int:
    """A clock value ("000001796185206.000500", cockpit.core.hlc) as one number with the same
    order, or NO_CLOCK when it is not in that form (a newer or a foreign writer's)."""
    if len(value) != 22 or value[15] != "." or not value.isascii():
        return NO_CLOCK
    ms, counter = value[:15], value[16:]
    if not (ms.isdigit() and counter.isdigit()) or int(ms) > _CLOCK_MAX:
        return NO_CLOCK
    return int(ms) * 1_000_000 + int(counter)


class Columns:
    """Entries by slot (append-only: a slot never moves; the timeline's order is elsewhere)."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.ids = PackedStrings()
        self.texts = PackedStrings()  # a compact entry's text; "" for a kept one
        self.index = IdIndex(self.ids)  # slot by id
        self.at = array("q")  # microseconds since the epoch
        self.clock = array("q")  # clock_number(hlc), or NO_CLOCK
        self.author = array("I")  # index into `authors` (compact entries only)
        self.kind = array("H")  # index into `kinds` (compact entries only)
        self.authors: list[str] = []
        self.kinds: list[str] = []
        self._author_slot: dict[str, int] = {}
        self._kind_slot: dict[str, int] = {}
        self.incident: str | None = None  # the compact entries' incident (one, in practice)
        self.kept: dict[int, Row] = {}  # by slot: the rows that are objects of their own

    def __len__(self) -> int:
        return len(self.ids)

    def compact(self, e: Item) -> bool:
        """True if `e` is a plain entry that its columns say all of (else its row is kept)."""
        if type(e) is not LightEntry:  # a full event, or a subclass with behaviour of its own
            return False
        at = e.at
        incident = self.incident
        if incident is None:
            incident = self.incident = e.incident
        return (
            at.tzinfo is UTC
            and (e.recorded_at is at or (e.recorded_at == at and e.recorded_at.tzinfo is UTC))
            and not e.link
            and e.at_offset is None
            and not e.recorded_by
            and e.incident == incident
            and clock_number(e.hlc) != NO_CLOCK
            and len(self.kinds) < 65_535
        )

    def add(self, e: Item, row: Row | None) -> int:
        """A new slot for `e`: compact when `row` is None, else `row` is kept."""
        slot = len(self.ids)
        self.ids.append(e.id)
        self.index.add(e.id, slot)
        self.at.append(micros(e.at))
        clock = clock_number(e.hlc)
        self.clock.append(clock)
        if row is not None:
            self.kept[slot] = row
            self.texts.append("")
            self.author.append(0)
            self.kind.append(0)
            return slot
        self.texts.append(e.text)
        author, kind = e.author, e.kind
        a = self._author_slot.get(author)
        if a is None:
            a = self._author_slot[author] = len(self.authors)
            self.authors.append(author)
        k = self._kind_slot.get(kind)
        if k is None:
            k = self._kind_slot[kind] = len(self.kinds)
            self.kinds.append(kind)
        self.author.append(a)
        self.kind.append(k)
        return slot

    def key(self, slot: int) -> tuple[int, str, str]:
        """The timeline's order, (at, hlc, id), with `at` as microseconds."""
        return self.at[slot], self.hlc(slot), self.ids[slot]

    def hlc(self, slot: int) -> str:
        clock = self.clock[slot]
        if clock == NO_CLOCK:
            return self.kept[slot].hlc
        return hlc.make(clock // 1_000_000, clock % 1_000_000)

    def row(self, slot: int) -> Row:
        """The slot's row: the kept one, or one built now from the columns."""
        row = self.kept.get(slot)
        if row is not None:
            return row
        at = EPOCH + self.at[slot] * _US
        clock, entry_id = self.hlc(slot), self.ids[slot]
        src = LightEntry(entry_id, self.incident or "", self.authors[self.author[slot]], at, at,
                         clock, self.kinds[self.kind[slot]], self.texts[slot])  # fmt: skip
        return Row(src, (at, clock, entry_id), self.tz)

    def keep(self, slot: int) -> Row:
        """The slot's row as an object of its own from now on (it is edited, or quoted)."""
        row = self.kept.get(slot)
        if row is None:
            row = self.kept[slot] = self.row(slot)
            self.texts[slot] = ""  # the row's entry holds it now
        return row

    def kind_of(self, slot: int) -> str:
        row = self.kept.get(slot)
        return row.kind if row is not None else self.kinds[self.kind[slot]]
