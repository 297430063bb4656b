"""Finding things in the timeline: filter by kind, author and tag, search text, decisions only.

A query gives the indexes of the matching rows, so a view can show a filtered timeline
without copying it. A search that extends the previous one (the user typed one more
character) only rescans the previous matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from cockpit.core.timeline import Row, Timeline

DECISION_LOG = frozenset({"decision"})


@dataclass(frozen=True, slots=True)
class Query:
    kinds: frozenset[str] = frozenset()  # empty: every kind
    authors: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    text: str = ""
    only: frozenset[str] = field(default_factory=frozenset)  # explicit ids (pinned entries)

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.authors or self.tags or self.text.strip() or self.only)

    def narrows(self, previous: Query) -> bool:
        """True if every row this query matches is also matched by `previous`."""
        same_filters = replace(self, text="") == replace(previous, text="")
        return same_filters and self.text.casefold().startswith(previous.text.casefold())

    def describe(self) -> str:
        parts = []
        if self.kinds:
            parts.append("kind: " + ", ".join(sorted(self.kinds)))
        if self.authors:
            parts.append("by: " + ", ".join(sorted(self.authors)))
        if self.tags:
            parts.append("#" + " #".join(sorted(self.tags)))
        if self.text.strip():
            parts.append(f"“{self.text.strip()}”")
        if self.only:
            parts.append("pinned")
        return " · ".join(parts) or "everything"


def matches(row: Row, q: Query, needle: str) -> bool:
    # row.kind, not row.event.kind: a light row would rebuild a whole event per test.
    if q.kinds and row.kind not in q.kinds:
        return False
    if q.authors and row.author not in q.authors:
        return False
    if q.only and row.id not in q.only:
        return False
    if needle and needle not in row.search_text:
        return False
    return not q.tags or not q.tags.isdisjoint(row.tags)


def run(
    timeline: Timeline,
    q: Query,
    *,
    previous: tuple[Query, Sequence[int]] | None = None,
) -> list[int]:
    """Indexes of the rows that match, in timeline order.

    `previous` (an earlier query and its result on the same, unchanged timeline) lets a
    narrowing search rescan only what matched before.
    """
    rows = timeline.rows
    needle = q.text.strip().casefold()
    if q.empty:
        return list(range(len(rows)))
    if previous is not None and q.narrows(previous[0]):
        candidates: Sequence[int] = previous[1]
        return [i for i in candidates if matches(rows[i], q, needle)]
    return [i for i, row in enumerate(rows) if matches(row, q, needle)]


def highlights(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `needle` in `text`, case-insensitively, for highlighting matches."""
    needle = needle.strip()
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
