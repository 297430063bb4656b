"""Reading every time a person types: one parser, one set of rules (DESIGN.md, "Time").

Forms, in the user's zone unless they give an offset:
  `14:02`, `14:02:30`, `14:02Z`, `14:02+05:30`   a clock time, on the nearest day (below)
  `yesterday 23:02`, `today 9:15`, `tomorrow 8:00` a clock time on a named day
  `-5m`, `5m ago`, `2h ago`, `-1h30m`             before now
  `+15m`, `in 15m`                                after now
  `15m`, `1h30m`                                  before now for a past input, after for a future one
  `now`, and full ISO 8601 with or without offset (`2026-11-23T14:02:00Z`, `2026-11-23 14:02`)
Units: s, m, h, d, w (or their words: 5 min, 2 hours, 3 days).

Every input says which way it points. PAST (`--at`, backdating, jump to a time): a clock time
is its latest moment not after now (23:02 typed at 21:04 is yesterday's). FUTURE (`--due`,
`--next`, snooze): its first moment after now.

Plausible bounds: a past input lies from ten years back (an impact can start weeks before it
is detected) to one day ahead of the clock (a skewed clock, a zone mistake); a future input
from now to ten years ahead. Outside them: `OutOfBounds`, unless `force`. Nothing typed makes
the parser raise anything but `BadTime` (or its subclass `OutOfBounds`).

The result is a UTC instant, with the UTC offset of the wall clock it was typed on (kept on the
event as `at_offset`), None when no wall clock was involved (`-5m`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from typing import Literal

Direction = Literal["past", "future"]
PAST: Direction = "past"
FUTURE: Direction = "future"

AHEAD = timedelta(days=1)  # how far a past input may lie ahead of the clock
YEARS = timedelta(days=3653)  # ten years, leap days included: the plausible reach either way
_LONGEST = 64  # no time typed is longer; nothing longer is scanned (a pasted page, say)
HINT = "use 14:02, -5m, 2h ago or a full ISO time such as 2026-11-23T14:02:00Z"
DUE_HINT = "use 15m, in 1h30m, 14:30 or a full ISO time such as 2026-11-23T14:30:00Z"
DURATION_HINT = "use a duration like 15m, 1h30m, 12h, 30d or 2w"


class BadTime(ValueError):
    """What was typed is not a time; str() says what to type instead."""


class OutOfBounds(BadTime):
    """A time outside the plausible bounds; the caller may offer to force it."""


@dataclass(frozen=True, slots=True)
class When:
    at: datetime  # the instant, in UTC
    offset: int | None  # minutes east of UTC of the wall clock typed; None for "-5m", "now"


# ---- the forms ----------------------------------------------------------------------------

_UNIT_WORDS = {
    "w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800,
    "d": 86400, "day": 86400, "days": 86400,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}  # fmt: skip
_UNIT = "|".join(sorted(_UNIT_WORDS, key=len, reverse=True))
_PART = re.compile(rf"(\d+)\s*({_UNIT})(?![a-z])", re.IGNORECASE)
_SPAN = rf"(?:\d+\s*(?:{_UNIT})(?![a-z])\s*)+"
_RELATIVE = re.compile(
    rf"^(?:(?P<sign>[+-])\s*(?P<a>{_SPAN})|in\s+(?P<b>{_SPAN})|(?P<c>{_SPAN})\s*ago|(?P<d>{_SPAN}))$",
    re.IGNORECASE,
)
_OFFSET = r"Z|[+-]\d{2}(?::?\d{2})?"
_CLOCK_TEXT = rf"\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d{{1,6}})?)?(?:{_OFFSET})?"
_CLOCK = re.compile(
    rf"^(?:(?P<day>yesterday|today|tomorrow)\s+)?(?P<h>\d{{1,2}}):(?P<m>\d{{2}})"
    rf"(?::(?P<s>\d{{2}})(?:\.(?P<us>\d{{1,6}}))?)?\s*(?P<off>{_OFFSET})?$",
    re.IGNORECASE,
)
_ISO_TEXT = rf"\d{{4}}-\d{{2}}-\d{{2}}[T ]{_CLOCK_TEXT}"  # a date and a time of day
_ISO = re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]{_CLOCK_TEXT})?$", re.IGNORECASE)
_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}


def parse_time(text: str, now: datetime, tz: tzinfo, direction: Direction, *,
               force: bool = False) -> When:  # fmt: skip
    """The moment `text` names, for an input that points `direction` (see the module)."""
    s = " ".join(str(text).split())
    hint = HINT if direction == PAST else DUE_HINT
    if not s:
        raise BadTime(f"empty time; {hint}")
    if len(s) > _LONGEST:
        raise BadTime(f"cannot read the time {_quote(s)}: too long; {hint}")
    try:
        when = _read(s, now, tz, direction, hint, force)
    except OverflowError:  # a date at an end of the calendar, on its way to UTC
        if force:
            raise BadTime(f"{_quote(s)} is out of range; {hint}") from None
        raise OutOfBounds(f"{_quote(s)} is more than ten years away (check the year)") from None
    if not force:
        _check_bounds(s, when.at, now, direction)
    return when


def _read(s: str, now: datetime, tz: tzinfo, direction: Direction, hint: str,
          force: bool) -> When:  # fmt: skip
    if s.lower() == "now":
        return When(now.astimezone(UTC), None)
    m = _RELATIVE.match(s)
    if m:
        sign = m["sign"] or ("+" if m["b"] else "-" if m["c"] else None)
        span = m["a"] or m["b"] or m["c"] or m["d"]
        if sign is None:
            sign = "-" if direction == PAST else "+"
        seconds = _seconds(span)
        if not force and seconds > (YEARS + AHEAD).total_seconds():
            way = "ago" if sign == "-" else "ahead"
            raise OutOfBounds(f"{_quote(s)} is more than ten years {way} (check the number)")
        if seconds > _reach(now, sign):  # before timedelta or datetime can overflow
            raise BadTime(f"{_quote(s)} is out of range; {hint}")
        delta = timedelta(seconds=seconds)
        return When((now - delta if sign == "-" else now + delta).astimezone(UTC), None)
    m = _CLOCK.match(s)
    if m:
        return _clock(s, m, now, tz, direction, hint)
    if _ISO.match(s):
        return _iso(s, tz, hint)
    raise BadTime(f"cannot read the time {_quote(s)}; {hint}")


def _quote(s: str, limit: int = 40) -> str:
    """What was typed, quoted and cut short: errors are one line."""
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")


def _seconds(span: str) -> int:
    parts = _PART.findall(span)
    if any(len(n) > 15 for n, _ in parts):  # far beyond any bound (and int() has a limit)
        return 10**20
    return sum(int(n) * _UNIT_WORDS[u.lower()] for n, u in parts)


def _reach(now: datetime, sign: str) -> float:
    """Seconds from now to the end of the calendar that way (datetime's own range)."""
    end = datetime.min if sign == "-" else datetime.max
    return abs((end.replace(tzinfo=UTC) - now).total_seconds()) - 86400


def _clock(s: str, m: re.Match[str], now: datetime, tz: tzinfo, direction: Direction,
           hint: str) -> When:  # fmt: skip
    hh, mm, ss = int(m["h"]), int(m["m"]), int(m["s"] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        raise BadTime(f"{_quote(s)} is not a time of day; {hint}")
    wall = time(hh, mm, ss, int((m["us"] or "0").ljust(6, "0")))
    zone = _fixed(m["off"], s, hint) if m["off"] else tz
    today = now.astimezone(zone).date()
    if m["day"]:
        day = today + timedelta(days=_DAYS[m["day"].lower()])
        return _one(_instants(datetime.combine(day, wall), zone), s, zone, hint)
    found = [
        (at, off)
        for shift in (-2, -1, 0, 1, 2)  # the nearest day: two around today cover any DST gap
        for at, off in _instants(datetime.combine(today + timedelta(days=shift), wall), zone)
    ]
    if direction == PAST:
        before = [x for x in found if x[0] <= now]
        if before:
            at, off = max(before)
            return When(at, off)
    else:
        after = [x for x in found if x[0] > now]
        if after:
            at, off = min(after)
            return When(at, off)
    raise BadTime(f"{_quote(s)} does not exist near today in {_zone_name(zone)}; {hint}")


def _iso(s: str, tz: tzinfo, hint: str) -> When:
    try:
        typed = datetime.fromisoformat(s.upper().replace("Z", "+00:00"))
    except ValueError:
        raise BadTime(f"cannot read the time {_quote(s)}; {hint}") from None
    if typed.tzinfo is not None:
        offset = typed.utcoffset()
        assert offset is not None
        return When(typed.astimezone(UTC), _minutes(offset))
    return _one(_instants(typed, tz), s, tz, hint)


def _instants(wall: datetime, zone: tzinfo) -> list[tuple[datetime, int]]:
    """The instants (in UTC, with their offsets) that a wall-clock time names in `zone`: one
    mostly, none in the hour skipped when clocks go forward, two in the hour repeated when
    they go back (earlier first)."""
    out: list[tuple[datetime, int]] = []
    for fold in (0, 1):
        local = wall.replace(tzinfo=zone, fold=fold)
        at = local.astimezone(UTC)
        if at.astimezone(zone).replace(tzinfo=None) != wall:
            continue  # a time the clocks skipped
        offset = local.utcoffset()
        assert offset is not None
        if all(at != seen for seen, _ in out):
            out.append((at, _minutes(offset)))
    return sorted(out)


def _one(found: list[tuple[datetime, int]], s: str, zone: tzinfo, hint: str) -> When:
    if not found:
        raise BadTime(f"{_quote(s)} does not exist in {_zone_name(zone)} (the clocks skipped it); "
                      "give the offset, e.g. 2026-03-29T02:30+01:00")  # fmt: skip
    at, off = found[0]  # a repeated hour: its first pass (give the offset for the second)
    return When(at, off)


def _fixed(text: str, s: str, hint: str) -> tzinfo:
    t = text.upper()
    if t == "Z":
        return UTC
    digits = t[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise BadTime(f"{_quote(s)} has no such offset; {hint}")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if t[0] == "-" else delta)


def _minutes(offset: timedelta) -> int:
    return int(offset.total_seconds() // 60)


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone)


def _check_bounds(s: str, at: datetime, now: datetime, direction: Direction) -> None:
    if direction == PAST:
        if at > now + AHEAD:
            raise OutOfBounds(f"{_quote(s)} is {_far(at - now)} ahead of the clock; a time that "
                              "has happened can be at most a day ahead (check the date and the zone)")  # fmt: skip
        if at < now - YEARS:
            raise OutOfBounds(f"{_quote(s)} is more than ten years ago (check the year)")
    else:
        if at < now:
            raise OutOfBounds(f"{_quote(s)} is {_far(now - at)} ago; give a time in the future")
        if at > now + YEARS:
            raise OutOfBounds(f"{_quote(s)} is more than ten years ahead (check the year)")


def _far(delta: timedelta) -> str:
    days = delta.days
    if days >= 365:
        return f"{days // 365} years" if days >= 730 else "a year"
    if days >= 2:
        return f"{days} days"
    hours = int(delta.total_seconds() // 3600)
    return f"{hours} hours" if hours >= 2 else f"{max(1, int(delta.total_seconds() // 60))} minutes"


# ---- durations (`--expires 30d`) --------------------------------------------------------------

MAX_DURATION = YEARS


def parse_duration(text: str) -> timedelta:
    """A positive span: `30d`, `12h`, `2w`, `1h30m`, `90 min` (at most ten years)."""
    s = " ".join(str(text).split())
    if not s or not re.fullmatch(_SPAN, s, re.IGNORECASE):
        raise BadTime(f"cannot read the duration {_quote(s)}; {DURATION_HINT}")
    seconds = _seconds(s)
    if seconds <= 0:
        raise BadTime(f"{_quote(s)} is no time at all; {DURATION_HINT}")
    if seconds > MAX_DURATION.total_seconds():
        raise OutOfBounds(f"{_quote(s)} is more than ten years; {DURATION_HINT}")
    return timedelta(seconds=seconds)


def parse_expiry(text: str | None) -> timedelta | None:
    """A duration, or None for `never` (and for nothing typed)."""
    if text is None or text.strip().lower() in ("", "never", "none"):
        return None
    return parse_duration(text)


# ---- reading times out of text ------------------------------------------------------------

# What may open an entry bar's text as its time: the past forms of `--at` that a sentence
# does not start with by chance (`1h30m of downtime`, `in 5m we retry` stay text).
_LEADING = re.compile(
    rf"((?:yesterday\s+|today\s+)?{_CLOCK_TEXT}|{_ISO_TEXT}|-\s*{_SPAN}|{_SPAN}\s*ago)(?=\s)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?<![\w@])@([\w.-]*\w)")
_TAG = re.compile(r"(?<![\w#&])#([\w-]*\w)")


def split_leading_time(text: str) -> tuple[str | None, str]:
    """`"14:02 rolled back"` -> ("14:02", "rolled back"); no leading time -> (None, text)."""
    stripped = text.lstrip()
    m = _LEADING.match(stripped[:_LONGEST])
    if not m:
        return None, text
    rest = stripped[m.end() :].lstrip()
    return (m[1].strip(), rest) if rest else (None, text)


def mentions(text: str) -> list[str]:
    return list(dict.fromkeys(_MENTION.findall(text)))


def tags(text: str) -> list[str]:
    return list(dict.fromkeys(t.lower() for t in _TAG.findall(text)))
