"""Reading the times people type: `14:02`, `14:02:30`, `-5m`, `-1h30m`, or a full ISO time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

_RELATIVE = re.compile(r"^-(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
HINT = "use 14:02, -5m, -1h30m or a full ISO time such as 2026-11-23T14:02:00Z"


class BadTime(ValueError):
    pass


def parse_when(text: str, now: datetime, local: tzinfo) -> datetime:
    """A past or present moment. A clock time later than now means yesterday at that time."""
    s = text.strip()
    if not s:
        raise BadTime(f"empty time; {HINT}")
    m = _RELATIVE.match(s)
    if m and any(m.groups()):
        h, mi, se = (int(g or 0) for g in m.groups())
        return now - timedelta(hours=h, minutes=mi, seconds=se)
    m = _CLOCK.match(s)
    if m:
        hh, mm, ss = int(m[1]), int(m[2]), int(m[3] or 0)
        if hh > 23 or mm > 59 or ss > 59:
            raise BadTime(f"{text!r} is not a time of day; {HINT}")
        here = now.astimezone(local)
        when = here.replace(hour=hh, minute=mm, second=ss, microsecond=0)
        if when > here:
            when -= timedelta(days=1)
        return when
    try:
        when = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise BadTime(f"cannot read the time {text!r}; {HINT}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=local)
    return when


_LEADING = re.compile(r"^\s*(-\d+[hms](?:\d+[ms])?(?:\d+s)?|\d{1,2}:\d{2}(?::\d{2})?)\s+(?=\S)")
_MENTION = re.compile(r"(?<![\w@])@([\w.-]*\w)")
_TAG = re.compile(r"(?<![\w#&])#([\w-]*\w)")


def split_leading_time(text: str) -> tuple[str | None, str]:
    """`"14:02 rolled back"` -> ("14:02", "rolled back"); no leading time -> (None, text)."""
    m = _LEADING.match(text)
    if not m:
        return None, text
    return m[1], text[m.end() :]


def mentions(text: str) -> list[str]:
    return list(dict.fromkeys(_MENTION.findall(text)))


def tags(text: str) -> list[str]:
    return list(dict.fromkeys(t.lower() for t in _TAG.findall(text)))


_AHEAD = re.compile(r"^\+?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
DUE_HINT = "use 15m, 1h30m, 14:30 or a full ISO time such as 2026-11-23T14:30:00Z"


def parse_due(text: str, now: datetime, local: tzinfo) -> datetime:
    """A future moment: `15m` / `+1h30m` from now, `14:30` (tomorrow if already past), or ISO."""
    s = text.strip()
    m = _AHEAD.match(s)
    if s and m and any(m.groups()):
        h, mi, se = (int(g or 0) for g in m.groups())
        return now + timedelta(hours=h, minutes=mi, seconds=se)
    m = _CLOCK.match(s)
    if m:
        hh, mm, ss = int(m[1]), int(m[2]), int(m[3] or 0)
        if hh > 23 or mm > 59 or ss > 59:
            raise BadTime(f"{text!r} is not a time of day; {DUE_HINT}")
        here = now.astimezone(local)
        when = here.replace(hour=hh, minute=mm, second=ss, microsecond=0)
        if when <= here:
            when += timedelta(days=1)
        return when
    try:
        when = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise BadTime(f"cannot read the due time {text!r}; {DUE_HINT}") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=local)
