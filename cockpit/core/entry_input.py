"""What a scribe typed in the entry bar, turned into an entry body and the moment it happened.

`14:02 rolled back api` is backdated to 14:02; `-5m paged @bob` to five minutes ago. A
multi-line evidence paste is kept verbatim, and its first line is never read as a time (log
lines start with timestamps). A bare link as evidence is stored as the entry's link too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import cast

from cockpit.core.events import ENTRY_KINDS, MAX_TEXT, Entry, EntryKind
from cockpit.core.timeparse import mentions, parse_when, split_leading_time, tags

_URL = re.compile(r"^\s*(https?://\S+)\s*$")


class EmptyEntry(ValueError):
    pass


class TooLong(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Typed:
    body: Entry
    at: datetime | None  # None: now
    mentions: tuple[str, ...]
    tags: tuple[str, ...]


def read_entry(raw: str, kind: str, now: datetime, tz: tzinfo) -> Typed:
    """Parse the entry bar's text; raises EmptyEntry or timeparse.BadTime with a message."""
    if kind not in ENTRY_KINDS:
        raise ValueError(f"unknown entry kind {kind!r}; use one of: {', '.join(ENTRY_KINDS)}")
    verbatim = kind == "evidence" and "\n" in raw.strip("\n")
    at = None
    text = raw if verbatim else raw.strip()
    if not verbatim:
        when, rest = split_leading_time(text)
        if when is not None:
            at = parse_when(when, now, tz)
            text = rest.strip()
    if not text.strip():
        raise EmptyEntry("nothing to save: type some text first")
    if len(text) > MAX_TEXT:
        raise TooLong(f"too long to save: {len(text):,} characters, at most {MAX_TEXT:,}; keep "
                      "the part that matters, or save it as a file and paste its address")  # fmt: skip
    link = ""
    m = _URL.match(text)
    if m:
        link = m[1]
    body = Entry(kind=cast(EntryKind, kind), text=text.strip("\n") if verbatim else text, link=link)
    return Typed(body, at, tuple(mentions(text)), tuple(tags(text)))
