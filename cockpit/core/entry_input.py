"""What a scribe typed in the entry bar, turned into an entry body and the moment it happened.

`14:02 rolled back api` is backdated to 14:02; `-5m paged @bob` to five minutes ago; any past
form of `--at` that a sentence does not start with by chance works (`2h ago`, `yesterday 23:02`,
a full ISO time). A multi-line evidence paste is kept verbatim, and its first line is never
read as a time (log lines start with timestamps); a one-line evidence that starts with a full
ISO time (a log line) is dated by it and keeps it. A bare link as evidence is stored as the
entry's link too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from cockpit.core.events import MAX_TEXT, Entry
from cockpit.core.kinds import ENTRY_KINDS
from cockpit.core.timeparse import (
    PAST,
    BadTime,
    mentions,
    parse_time,
    split_leading_time,
    tags,
)

_URL = re.compile(r"^\s*(https?://\S+)\s*$")
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}")  # a full date and time, as log lines start


class EmptyEntry(ValueError):
    pass


class TooLong(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Typed:
    body: Entry
    at: datetime | None  # None: now
    at_offset: int | None  # the UTC offset of the wall clock the time was typed on
    mentions: tuple[str, ...]
    tags: tuple[str, ...]


def leading_time(text: str, now: datetime, tz: tzinfo) -> tuple[str, datetime | None, int | None]:
    """A text that may start with when it happened, as the entry bar reads one: `10:26
    restarted the index` -> ("restarted the index", 10:26 in `tz` (the nearest past), its
    offset); no leading time -> (text, None, None). The forms whose text says what was done
    (a mitigation, its outcome) read theirs with this, so that backdating works the same
    everywhere. Raises timeparse.BadTime, whose message says what to type instead."""
    typed, rest = split_leading_time(text)
    if typed is None:
        return text, None, None
    when = parse_time(typed, now, tz, PAST)
    return rest.strip(), when.at, when.offset


def read_entry(raw: str, kind: str, now: datetime, tz: tzinfo) -> Typed:
    """Parse the entry bar's text; raises EmptyEntry or timeparse.BadTime with a message."""
    if kind not in ENTRY_KINDS:
        raise ValueError(f"unknown entry kind {kind!r}; use one of: {', '.join(ENTRY_KINDS)}")
    verbatim = kind == "evidence" and "\n" in raw.strip("\n")
    at = offset = None
    text = raw if verbatim else raw.strip()
    if not verbatim:
        typed, _ = split_leading_time(text)
        if kind == "evidence" and typed is not None and _DATED.match(typed):
            try:  # a log line's own stamp dates it, and stays: evidence is verbatim
                when = parse_time(typed, now, tz, PAST)
                at, offset = when.at, when.offset
            except BadTime:
                pass
        else:
            text, at, offset = leading_time(text, now, tz)
    if not text.strip():
        raise EmptyEntry("nothing to save: type some text first")
    if len(text) > MAX_TEXT:
        raise TooLong(f"too long to save: {len(text):,} characters, at most {MAX_TEXT:,}; keep "
                      "the part that matters, or save it as a file and paste its address")  # fmt: skip
    link = ""
    m = _URL.match(text)
    if m:
        link = m[1]
    body = Entry(kind=kind, text=text.strip("\n") if verbatim else text, link=link)
    return Typed(body, at, offset, tuple(mentions(text)), tuple(tags(text)))


def anchor_relative(text: str, written: datetime, now: datetime, tz: tzinfo) -> str:
    """A kept draft's leading relative time (`-3m raj confirms`) as the clock time it meant
    when it was typed (`17:54:41 raj confirms`): restored after a crash, it must not count
    from the moment it is finally saved. Any other text comes back as it was."""
    typed, rest = split_leading_time(text)
    if typed is None or not (typed.startswith("-") or typed.lower().endswith("ago")):
        return text
    try:
        at = parse_time(typed, written, tz, PAST).at.astimezone(tz)
    except BadTime:
        return text
    if at.date() == now.astimezone(tz).date():
        return f"{at:%H:%M:%S} {rest}"
    return f"{at.isoformat(timespec='seconds')} {rest}"
