"""Finding things in the timeline: filter by kind, author and tag, search text, decisions only.

A query gives the indexes of the matching rows, so a view can show a filtered timeline
without copying it. A search that extends the previous one (the user typed one more
character) only rescans the previous matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from cockpit.core.packed import BLOCK
from cockpit.core.timeline import Row, Timeline
from cockpit.core.timeparse import tags

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
    needle = q.text.strip().casefold()
    if q.empty:
        return list(range(len(timeline)))
    if previous is not None and q.narrows(previous[0]):
        return _scan(timeline, q, needle, previous[1])
    return _scan(timeline, q, needle, range(len(timeline)))


def _scan(timeline: Timeline, q: Query, needle: str, candidates: Iterable[int]) -> list[int]:
    """`matches` over the candidates, reading a compact entry's columns rather than building
    its row (a search of 100,000 entries builds only the few kept rows)."""
    columns, order = timeline.columns, timeline.order
    kept, texts, ids = columns.kept, columns.texts, columns.ids
    kinds = None if not q.kinds else {i for i, k in enumerate(columns.kinds) if k in q.kinds}
    authors = (
        None if not q.authors else {i for i, a in enumerate(columns.authors) if a in q.authors}
    )
    kind_of, author_of, only = columns.kind, columns.author, q.only
    # The sealed blocks of texts are searched whole, one find per hit (cockpit.core.packed),
    # for the text and for each #tag (a superset: `tags` then reads those few); the newest
    # entries, not sealed yet, one by one.
    compact = len(kept) < len(order)
    sealed = len(texts.blocks) * BLOCK
    hits = texts.containing(needle) if needle and compact else None
    tagged: set[int] | None = None
    if q.tags and compact:
        found_tags = [texts.containing("#" + tag.casefold()) for tag in q.tags]
        if None not in found_tags:
            tagged = set().union(*(f for f in found_tags if f is not None))
    found: list[int] = []
    for i in candidates:
        slot = order[i]
        row = kept.get(slot)
        if row is not None:
            if matches(row, q, needle):
                found.append(i)
            continue
        if kinds is not None and kind_of[slot] not in kinds:
            continue
        if authors is not None and author_of[slot] not in authors:
            continue
        if only and ids[slot] not in only:
            continue
        if needle:
            if hits is not None and slot < sealed:
                if slot not in hits:
                    continue
            elif needle not in texts[slot].casefold():
                continue
        if q.tags:
            if tagged is not None and slot < sealed and slot not in tagged:
                continue
            text = texts[slot]  # a compact entry's text is the row's (no link, edit or quote)
            if "#" not in text or q.tags.isdisjoint(tags(text)):
                continue
        found.append(i)
    return found


def highlights(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `needle` in `text`, case-insensitively, for highlighting matches."""
    needle = needle.strip()
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
