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

import bisect
import re
from array import array
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from cockpit.core import hlc
from cockpit.core.light import Item, LightEntry
from cockpit.core.packed import IdIndex, PackedStrings
from cockpit.core.timeline_row import Row

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
NO_CLOCK = -1  # the clock value is not in the canonical form: read it from the kept row
_CANONICAL = re.compile(r"[0-9]{15}\.[0-9]{6}")
_NUMBER_MAX = 2**63 - 1  # an int64's


def micros(when: datetime) -> int:
    """Microseconds since the epoch: the order of aware datetimes, as one machine number."""
    return (when - EPOCH) // _US


def clock_number(value: str) -> int:
    """A clock value ("000001796185206.000500", cockpit.core.hlc) as one number with the same
    order, or NO_CLOCK when it is not in that form (a newer or a foreign writer's)."""
    if _CANONICAL.fullmatch(value) is None:
        return NO_CLOCK
    number = int(value.replace(".", "", 1))
    return number if number <= _NUMBER_MAX else NO_CLOCK


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
        self.odd_clocks = 0  # slots whose clock is NO_CLOCK: the order then compares strings

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, e: Item) -> int | None:
        """A compact slot for `e`, or None if its columns cannot say all of it (a full event,
        a link, a zone, a proxy, a backdating, a foreign clock...): see `add_kept`."""
        if type(e) is not LightEntry:  # a full event, or a subclass with behaviour of its own
            return None
        at, recorded = e.at, e.recorded_at
        incident = self.incident
        if incident is None:
            incident = self.incident = e.incident
        if (
            at.tzinfo is not UTC
            or (recorded is not at and (recorded != at or recorded.tzinfo is not UTC))
            or e.link
            or e.at_offset is not None
            or e.recorded_by
            or e.incident != incident
        ):
            return None
        clock = clock_number(e.hlc)
        if clock == NO_CLOCK:
            return None
        author, kind = e.author, e.kind
        a = self._author_slot.get(author)
        if a is None:
            a = self._author_slot[author] = len(self.authors)
            self.authors.append(author)
        k = self._kind_slot.get(kind)
        if k is None:
            if len(self.kinds) == 65_535:
                return None
            k = self._kind_slot[kind] = len(self.kinds)
            self.kinds.append(kind)
        slot = len(self.ids)
        self.ids.append(e.id)
        self.index.add(e.id, slot)
        self.at.append((at - EPOCH) // _US)
        self.clock.append(clock)
        self.texts.append(e.text)
        self.author.append(a)
        self.kind.append(k)
        return slot

    def add_kept(self, e: Item, row: Row) -> int:
        """A slot for `e` whose `row` is kept as an object."""
        slot = len(self.ids)
        self.ids.append(e.id)
        self.index.add(e.id, slot)
        self.at.append(micros(e.at))
        clock = clock_number(e.hlc)
        self.clock.append(clock)
        self.odd_clocks += clock == NO_CLOCK
        self.kept[slot] = row
        self.texts.append("")
        self.author.append(0)
        self.kind.append(0)
        return slot

    def key(self, slot: int) -> tuple[int, str, str]:
        """The timeline's order, (at, hlc, id), with `at` as microseconds."""
        return self.at[slot], self.hlc(slot), self.ids[slot]

    # ---- the order: (at, hlc, id), compared as numbers while every clock is canonical -------

    def number(self, slot: int) -> int:
        """`at` and the clock value in one number (only while `odd_clocks` is 0)."""
        return (self.at[slot] << 64) | self.clock[slot]

    def sort_key(self) -> Callable[[int], tuple[int, str] | tuple[int, str, str]]:
        """A key giving the timeline's order, for sorting and merging many slots."""
        if self.odd_clocks:
            return self.key
        number, ids = self.number, self.ids
        return lambda slot: (number(slot), ids[slot])

    def position(self, order: Sequence[int], slot: int) -> int:
        """Where `slot` goes in `order` (a binary search on one number per step; the ids
        are read only between equal numbers, which two writers' clocks almost never give)."""
        if self.odd_clocks:
            return bisect.bisect(order, self.key(slot), key=self.key)
        number, ids = self.number, self.ids
        n, mine = number(slot), ids[slot]
        i = bisect.bisect_left(order, n, key=number)
        while i < len(order) and number(order[i]) == n and ids[order[i]] < mine:
            i += 1
        return i

    def find(self, order: Sequence[int], slot: int) -> int | None:
        """Where `slot` is in `order`, if it is."""
        i = self.position(order, slot)  # (its own place, or just after it: equal keys)
        for j in (i, i - 1):
            if 0 <= j < len(order) and order[j] == slot:
                return j
        return None

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
