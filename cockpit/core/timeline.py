"""The timeline: every event in `at` order, with edits and redactions applied to their targets.

Edits and redactions are events too, but they do not get rows of their own: they change how
their target reads, and stay in the target's history. A redaction wins over any edit, forever.
Inserting is a binary search (events from sync or backdated entries land in the middle).

A timeline is read in one zone, its reader's (`Timeline(tz)`): the times inside generated
texts (a task's due time, a break's end, when a redaction was made) read in it, as the time
column does. What a person typed is never touched.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import cast

from cockpit.core import events as ev
from cockpit.core.bulk import paused_gc
from cockpit.core.kinds import ABOUT_FIELD, CHANGE_KINDS
from cockpit.core.light import Item
from cockpit.core.registers import Register, Write
from cockpit.core.timefmt import day_clock
from cockpit.core.timeparse import tags

REDACTED = "█ redacted"
NO_TAGS: frozenset[str] = frozenset()  # shared: most entries have no tags


@dataclass(slots=True)
class Row:
    src: Item  # the entry as read: a full event, or a light one
    key: tuple[datetime, str, str]  # (at, hlc, id): the timeline's order
    tz: tzinfo  # the reader's zone (the timeline's, shared): times inside generated texts
    edits: Register | None = None
    redaction: ev.Event | None = None
    edits_log: list[ev.Event] | None = None  # edits and redactions, oldest first
    folded: str | None = None  # cache of `search_text`, dropped on edit or redaction
    tagset: frozenset[str] | None = None  # cache of `tags`, likewise
    gen: int = 0  # edits and redactions applied: the caches' guard (see `search_text`)
    about: Row | None = None  # the entry a pin, resolution, task status or outcome is about

    @property
    def history(self) -> list[ev.Event]:
        """The edits and redactions of this entry, oldest first (most entries have none)."""
        return self.edits_log if self.edits_log is not None else []

    @property
    def event(self) -> ev.Event:
        """The full event (rebuilt for a light entry: cheap, but not free)."""
        return self.src.to_event()

    # The two caches are filled on the main thread or by `Timeline.warm` on a worker, while
    # the main thread may apply an edit. An edit changes the text, then bumps `gen`, then
    # drops the caches; a value is kept only if `gen` did not move while it was computed, so
    # one computed from the old text is returned but never kept. The check and the store are
    # one step (no call or backward jump between them, where a thread could switch).

    @property
    def search_text(self) -> str:
        """The current text, case-folded, for search (a redacted secret is not searchable)."""
        folded = self.folded
        if folded is None:
            seen = self.gen
            text = self.text
            folded = text.casefold()
            folded = text if folded == text else folded  # share it when nothing changes
            if self.gen == seen:
                self.folded = folded
        return folded

    @property
    def tags(self) -> frozenset[str]:
        """The #tags in the current text."""
        tagset = self.tagset
        if tagset is None:
            seen = self.gen
            found = () if self.redaction else tags(self.text)
            tagset = frozenset(found) if found else NO_TAGS
            if self.gen == seen:
                self.tagset = tagset
        return tagset

    @property
    def id(self) -> str:
        return self.key[2]

    @property
    def at(self) -> datetime:
        return self.key[0]

    @property
    def hlc(self) -> str:
        return self.key[1]

    @property
    def author(self) -> str:
        return self.src.author

    @property
    def unknown(self) -> bool:
        """An event this cockpit does not understand: only its text and envelope are read."""
        src = self.src
        return type(src) is ev.Event and src.unknown

    @property
    def recorded_by(self) -> str:
        """Who recorded it when not its author ('' when the author did): shown beside the
        author ("deploy-bot via alice"), never in place of it."""
        return self.src.recorded_by

    @property
    def kind(self) -> str:
        return self.src.kind

    def _describe(self) -> str:
        return self.src.describe(tz=self.tz)

    @property
    def edited(self) -> bool:
        return self.edits is not None and self.edits.winner is not None

    @property
    def redacted(self) -> bool:
        return self.redaction is not None

    @property
    def text(self) -> str:
        """What the screen and exports show now."""
        if self.redaction is not None:
            r = self.redaction
            return f"{REDACTED} by {r.author} at {day_clock(r.at, self.tz)}"
        if self.edits is not None and self.edits.winner is not None:
            edited: str = self.edits.winner.value
            return edited
        if self.about is not None:  # "Task acknowledged" alone does not say which task
            body = cast(ev.Event, self.src).body  # only events quote
            return body.describe(_subject(self.about), tz=self.tz)
        return self._describe()

    @property
    def original_text(self) -> str | None:
        return None if self.redaction is not None else self._describe()


def _row_key(row: Row) -> tuple[datetime, str, str]:
    return row.key


def _changed(row: Row) -> None:
    """Another entry that `row` quotes changed: drop what was cached of its text."""
    row.gen += 1
    row.folded = None
    row.tagset = None


def _subject(row: Row, limit: int = 60) -> str:
    """A short name for an entry that another one is about: a task's task, a mitigation's
    action, a follow-up's text, or the first line of its text."""
    if row.redacted:  # a secret stays hidden here too
        text = REDACTED
    elif row.kind == "task_delegated" and not row.unknown:
        text = cast(ev.TaskDelegated, row.event.body).task
    elif row.kind == "mitigation_started" and not row.unknown:
        text = cast(ev.MitigationStarted, row.event.body).what
    elif row.kind == "followup_added" and not row.unknown:
        text = row.event.text  # what to do, not the whole line (owner, due...)
    elif row.about is not None:  # a quote of a quote: its own words only, never nested (so
        text = row.original_text or ""  # a redaction two steps away cannot show, nor a loop spin)
    else:
        text = row.text
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


class Timeline:
    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz  # the reader's zone: see the module's docstring
        self.rows: list[Row] = []
        self.by_id: dict[str, Row] = {}
        self._edit_ids: set[str] = set()  # edits and redactions seen (rows are in by_id)
        self._pending_edits: dict[str, list[ev.Event]] = {}  # edits whose target is not here yet
        self._referrers: dict[str, list[Row]] = {}  # by entry id: the rows about it
        self._pending_about: dict[str, list[Row]] = {}  # the same, for entries not here yet
        self.version = 0  # bumps on every change, so views know to redraw

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> Row:
        return self.rows[index]

    def apply(self, e: Item) -> int | None:
        """Add one event. Returns the index of a new row, -1 if it changed a row, None if not."""
        if e.id in self.by_id or e.id in self._edit_ids:
            return None
        self.version += 1
        if not e.plain and e.kind in CHANGE_KINDS:  # an edit or a redaction: its target changes
            self._edit_ids.add(e.id)
            self._edit(e.to_event())
            return -1
        row = self._row(e)
        key = row.key
        if not self.rows or key > self.rows[-1].key:
            self.rows.append(row)
            return len(self.rows) - 1
        index = bisect.bisect(self.rows, key, key=_row_key)
        self.rows.insert(index, row)
        return index

    def apply_all(self, events: Iterable[Item]) -> int:
        with paused_gc():
            return sum(1 for e in events if self.apply(e) is not None)

    def merge(self, items: Iterable[Item]) -> int:
        """Add many at once (a history read in the background): one sort and one merge,
        instead of an insert each. Returns how many rows were added."""
        rows: list[Row] = []
        edits: list[ev.Event] = []
        with paused_gc():
            for e in items:
                if e.id in self.by_id or e.id in self._edit_ids:
                    continue
                if not e.plain and e.kind in CHANGE_KINDS:
                    self._edit_ids.add(e.id)
                    edits.append(e.to_event())
                else:
                    rows.append(self._row(e))  # into by_id at once: a repeat in `items` is skipped
            for e in edits:
                self._edit(e)
            if rows:
                rows.sort(key=_row_key)
                if not self.rows or rows[0].key > self.rows[-1].key:
                    self.rows.extend(rows)
                elif rows[-1].key < self.rows[0].key:
                    self.rows[0:0] = rows
                else:
                    self.rows = list(heapq.merge(self.rows, rows, key=_row_key))
        if rows or edits:
            self.version += 1
        return len(rows)

    def _row(self, e: Item) -> Row:
        row = Row(e, (e.at, e.hlc, e.id), self.tz)
        self.by_id[e.id] = row
        if not e.plain:  # not the plain entries that are most of a long history
            b = e.body
            field = ABOUT_FIELD.get(b.kind)  # (a pydantic getattr that misses is slow)
            target = getattr(b, field, None) if field is not None else None
            # (a str: an unknown entry's field may be anything; about itself: a rude peer)
            if isinstance(target, str) and target != e.id:
                about = row.about = self.by_id.get(target)
                if about is None:  # it names its entry once that arrives: in any order
                    self._pending_about.setdefault(target, []).append(row)
                self._referrers.setdefault(target, []).append(row)
        if self._pending_about:
            for referrer in self._pending_about.pop(e.id, ()):
                referrer.about = row
                _changed(referrer)
        if self._pending_edits:
            for pending in self._pending_edits.pop(e.id, ()):
                self._annotate(row, pending)
        return row

    def _edit(self, e: ev.Event) -> None:
        aim = cast("ev.EntryEdited | ev.EntryRedacted", e.body).target
        target = self.by_id.get(aim)
        if target is None:
            self._pending_edits.setdefault(aim, []).append(e)
        else:
            self._annotate(target, e)
            for referrer in self._referrers.get(target.id, ()):
                _changed(referrer)  # it quotes the entry: an edit, or a redaction, shows there

    @staticmethod
    def _annotate(row: Row, e: ev.Event) -> None:
        # The text first, then `gen`, then the caches: see Row.search_text.
        if row.edits_log is None:
            row.edits_log = []
        bisect.insort(row.edits_log, e, key=lambda x: (x.hlc, x.id))
        b = e.body
        if isinstance(b, ev.EntryRedacted):
            if row.redaction is None or (e.hlc, e.id) < (row.redaction.hlc, row.redaction.id):
                row.redaction = e  # the first redaction is the one shown
        else:
            if row.edits is None:
                row.edits = Register()
            text = cast(ev.EntryEdited, b).text  # _annotate gets edits and redactions only
            row.edits.apply(Write(e.id, e.hlc, e.at, e.author, text), e.prev)
        row.gen += 1
        row.folded = None
        row.tagset = None

    def warm(self) -> None:
        """Fill the search caches ahead of the first search (call it from a worker)."""
        with paused_gc():
            for row in self.rows:
                row.search_text  # noqa: B018 - computing them is the point
                row.tags  # noqa: B018

    def index_of(self, event_id: str) -> int | None:
        row = self.by_id.get(event_id)
        if row is None:
            return None
        i = bisect.bisect_left(self.rows, row.key, key=_row_key)
        return i if i < len(self.rows) and self.rows[i] is row else None

    def index_at(self, when: datetime) -> int:
        """The first row at or after `when` (for jump-to-time)."""
        return bisect.bisect_left(self.rows, when, key=lambda r: r.key[0])
