"""The timeline: every event in `at` order, with edits and redactions applied to their targets.

Edits and redactions are events too, but they do not get rows of their own: they change how
their target reads, and stay in the target's history. A redaction wins over any edit, forever.
Inserting is a binary search (events from sync or backdated entries land in the middle).

Entries are held compactly (cockpit.core.timeline_columns): the order is an array of slots, and
a plain entry's `Row` is built when it is read. So read rows by position or id as they are
needed (`timeline[i]`, `by_id`), and compare them by id, not identity: the same plain entry
read twice gives two equal rows.

A timeline is read in one zone, its reader's (`Timeline(tz)`): the times inside generated
texts (a task's due time, a break's end, when a redaction was made) read in it, as the time
column does. What a person typed is never touched.
"""

from __future__ import annotations

import bisect
import heapq
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import cast, overload

from cockpit.core import events as ev
from cockpit.core.bulk import paused_gc
from cockpit.core.kinds import ABOUT_FIELD, CHANGE_KINDS
from cockpit.core.light import Item
from cockpit.core.timeline_columns import Columns, micros
from cockpit.core.timeline_row import REDACTED, Row, annotate, changed

__all__ = ["REDACTED", "Row", "Timeline"]


class Rows(Sequence[Row]):
    """The timeline's rows in order, read on demand (see the module's docstring)."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline

    def __len__(self) -> int:
        return len(self._timeline.order)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        row = self._timeline.columns.row
        if isinstance(index, slice):
            return [row(slot) for slot in self._timeline.order[index]]
        return row(self._timeline.order[index])

    def __iter__(self) -> Iterator[Row]:
        row = self._timeline.columns.row
        return (row(slot) for slot in self._timeline.order)

    def __reversed__(self) -> Iterator[Row]:
        row = self._timeline.columns.row
        return (row(slot) for slot in reversed(self._timeline.order))


class ById(Mapping[str, Row]):
    """The timeline's rows by entry id (edits and redactions are not rows)."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline

    def __getitem__(self, event_id: str) -> Row:
        slot = self._timeline.columns.index.get(event_id)
        if slot is None:
            raise KeyError(event_id)
        return self._timeline.columns.row(slot)

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._timeline.columns.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._timeline.columns.ids)

    def __len__(self) -> int:
        return len(self._timeline.columns.ids)


class Known:
    """See `Timeline.known`."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self._timeline.knows(event_id)

    def __len__(self) -> int:
        return len(self._timeline.columns.ids) + self._timeline.changes

    def add(self, event_id: str) -> None:
        """Nothing: the timeline learns the event when it is applied there."""


class Timeline:
    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz  # the reader's zone: see the module's docstring
        self.columns = Columns(tz)
        self.order = array("q")  # slots in the timeline's order
        self.slots = self.columns.index  # entry id -> slot
        self.rows = Rows(self)
        self.by_id = ById(self)
        self._edit_ids: set[str] = set()  # edits and redactions seen (rows are in slots)
        self._pending_edits: dict[str, list[ev.Event]] = {}  # edits whose target is not here yet
        self._referrers: dict[str, list[Row]] = {}  # by entry id: the rows about it
        self._pending_about: dict[str, list[Row]] = {}  # the same, for entries not here yet
        self.version = 0  # bumps on every change, so views know to redraw

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> Row:
        return self.columns.row(self.order[index])

    @property
    def changes(self) -> int:
        """How many edits and redactions are in."""
        return len(self._edit_ids)

    def knows(self, event_id: str) -> bool:
        """True if the event is in: a row, or an edit or redaction applied to one."""
        return self.slots.get(event_id) is not None or event_id in self._edit_ids

    def known(self) -> Known:
        """The ids of the events in, as a set an IncidentState can use for its own (apply
        each event to the state first, then here: `add` leaves it to `apply`)."""
        return Known(self)

    def id_at(self, index: int) -> str:
        """The id of the row at `index` (without building the row)."""
        return self.columns.ids[self.order[index]]

    def kind_at(self, index: int) -> str:
        """The kind of the row at `index` (without building the row)."""
        return self.columns.kind_of(self.order[index])

    def apply(self, e: Item) -> int | None:
        """Add one event. Returns the index of a new row, -1 if it changed a row, None if not."""
        if e.id in self.slots or e.id in self._edit_ids:
            return None
        self.version += 1
        if not e.plain and e.kind in CHANGE_KINDS:  # an edit or a redaction: its target changes
            self._edit_ids.add(e.id)
            self._edit(e.to_event())
            return -1
        slot = self._add(e)
        order, at = self.order, self.columns.at
        if not order or at[slot] > at[order[-1]]:  # the usual: a new entry, at the end
            order.append(slot)
            return len(order) - 1
        index = self.columns.position(order, slot)
        order.insert(index, slot)
        return index

    def apply_all(self, events: Iterable[Item]) -> int:
        with paused_gc():
            return sum(1 for e in events if self.apply(e) is not None)

    def merge(self, items: Iterable[Item]) -> int:
        """Add many at once (a history read in the background): one sort and one merge,
        instead of an insert each. Returns how many rows were added."""
        added: list[int] = []
        edits: list[ev.Event] = []
        with paused_gc():
            for e in items:
                if e.id in self.slots or e.id in self._edit_ids:
                    continue
                if not e.plain and e.kind in CHANGE_KINDS:
                    self._edit_ids.add(e.id)
                    edits.append(e.to_event())
                else:
                    added.append(self._add(e))  # in `slots` at once: a repeat is skipped
            for e in edits:
                self._edit(e)
            if added:
                self._merge_slots(added)
        if added or edits:
            self.version += 1
        return len(added)

    def _merge_slots(self, added: list[int]) -> None:
        columns, order = self.columns, self.order
        key = columns.sort_key()
        added.sort(key=key)
        if not order or key(added[0]) > key(order[-1]):
            order.extend(added)
        elif key(added[-1]) < key(order[0]):
            order[0:0] = array("q", added)
        elif len(added) < 64:  # a few in the middle: an insert each, not a merge of all
            for slot in added:
                order.insert(columns.position(order, slot), slot)
        else:
            self.order = array("q", heapq.merge(order, added, key=key))

    def _add(self, e: Item) -> int:
        """A slot for a new entry; its row is kept if it is not compact, or if something
        already here is about it or edits it."""
        columns = self.columns
        pending = bool(self._pending_about or self._pending_edits) and (
            e.id in self._pending_about or e.id in self._pending_edits
        )
        if not pending:
            slot = columns.add(e)
            if slot is not None:
                return slot
        row = Row(e, (e.at, e.hlc, e.id), self.tz)
        slot = columns.add_kept(e, row)
        if not e.plain:  # not the plain entries that are most of a long history
            b = e.body
            field = ABOUT_FIELD.get(b.kind)  # (a pydantic getattr that misses is slow)
            target = getattr(b, field, None) if field is not None else None
            # (a str: an unknown entry's field may be anything; about itself: a rude peer)
            if isinstance(target, str) and target != e.id:
                aim = self.slots.get(target)
                if aim is None:  # it names its entry once that arrives: in any order
                    self._pending_about.setdefault(target, []).append(row)
                else:
                    row.about = columns.keep(aim)
                self._referrers.setdefault(target, []).append(row)
        if pending:
            for referrer in self._pending_about.pop(e.id, ()):
                referrer.about = row
                changed(referrer)
            for edit in self._pending_edits.pop(e.id, ()):
                annotate(row, edit)
        return slot

    def _edit(self, e: ev.Event) -> None:
        aim = cast("ev.EntryEdited | ev.EntryRedacted", e.body).target
        slot = self.slots.get(aim)
        if slot is None:
            self._pending_edits.setdefault(aim, []).append(e)
        else:
            annotate(self.columns.keep(slot), e)
            for referrer in self._referrers.get(aim, ()):
                changed(referrer)  # it quotes the entry: an edit, or a redaction, shows there

    def warm(self) -> None:
        """Fill the search caches of the kept rows ahead of the first search (call it from a
        worker; a compact entry's text is searched as it is, with no cache to fill)."""
        with paused_gc():
            for row in list(self.columns.kept.values()):
                row.search_text  # noqa: B018 - computing them is the point
                row.tags  # noqa: B018

    def index_of(self, event_id: str) -> int | None:
        slot = self.slots.get(event_id)
        if slot is None:
            return None
        return self.columns.find(self.order, slot)

    def index_at(self, when: datetime) -> int:
        """The first row at or after `when` (for jump-to-time)."""
        at = self.columns.at
        return bisect.bisect_left(self.order, micros(when), key=at.__getitem__)
