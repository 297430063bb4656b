"""What the timeline pane shows: every row, or the rows a query matches (by kind, author,
#tag, text, pinned ids), as a sorted list of row indexes into the timeline.

Setting a query runs it once (a narrowing search rescans only the previous matches). When
the timeline grows, rows appended at the end are tested one by one; only an insert in the
middle (a backdated entry, a sync batch) or an edit under a text query runs the query again.
Nothing here walks the timeline on a key press except setting a new query.
"""

from __future__ import annotations

import bisect

from cockpit.core.query import Query, matches, run
from cockpit.core.timeline import Row, Timeline


class TimelineFilter:
    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.query = Query()
        self.indexes: list[int] | None = None  # None: every row
        # (length, last row's id, version) when last brought up to date
        self._seen: tuple[int, str | None, int] = (0, None, 0)

    @property
    def active(self) -> bool:
        return self.indexes is not None

    def __len__(self) -> int:
        return len(self.timeline) if self.indexes is None else len(self.indexes)

    def row_index(self, position: int) -> int:
        """The timeline index of the row shown at `position`."""
        return position if self.indexes is None else self.indexes[position]

    def row(self, position: int) -> Row:
        return self.timeline[self.row_index(position)]

    def position_of(self, row_index: int) -> int | None:
        """Where timeline row `row_index` shows, or None if the filter hides it."""
        if self.indexes is None:
            return row_index if 0 <= row_index < len(self.timeline) else None
        i = bisect.bisect_left(self.indexes, row_index)
        return i if i < len(self.indexes) and self.indexes[i] == row_index else None

    def set(self, query: Query) -> None:
        """Show what `query` matches (an empty query: everything)."""
        previous = None
        if self.indexes is not None and self._current():
            previous = (self.query, self.indexes)
        self.query = query
        self.indexes = None if query.empty else run(self.timeline, query, previous=previous)
        self._mark()

    def refresh(self) -> int:
        """Bring the view up to date after the timeline changed; returns how many shown rows
        it gained below the previous last row (for "N new" while scrolled up: older history
        merged in above does not count)."""
        tl = self.timeline
        length, last, version = self._seen
        if self._current():
            return 0
        appended = len(tl) >= length and (length == 0 or tl.id_at(length - 1) == last)
        if appended and (self.indexes is None or self._edits_matter(len(tl) - length, version)):
            if self.indexes is not None:
                self.indexes = run(tl, self.query)
        elif appended:
            assert self.indexes is not None  # the branch above took appended without indexes
            needle = self.query.text.strip().casefold()
            self.indexes.extend(
                i for i in range(length, len(tl)) if matches(tl[i], self.query, needle)
            )
        elif self.indexes is not None:
            self.indexes = run(tl, self.query)
        # the previous last row is where "below" starts
        end = -1 if last is None else tl.index_of(last)
        end = length - 1 if end is None else end
        if self.indexes is None:
            gained = len(tl) - 1 - end
        else:
            gained = len(self.indexes) - bisect.bisect_right(self.indexes, end)
        self._mark()
        return max(0, gained)

    def _edits_matter(self, appended: int, version: int) -> bool:
        """True if something besides appends changed and the query reads the text."""
        other_changes = self.timeline.version - version != appended  # (a merge counts once)
        return other_changes and bool(self.query.text.strip() or self.query.tags)

    def _current(self) -> bool:
        length, last, version = self._seen
        return version == self.timeline.version and length == len(self.timeline)

    def _mark(self) -> None:
        tl = self.timeline
        self._seen = (len(tl), tl.id_at(len(tl) - 1) if len(tl) else None, tl.version)
