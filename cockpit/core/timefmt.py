"""How an instant reads to a person, the same on the screen and in the CLI.

Instants are stored in UTC; each is shown in the user's zone with that zone's offset on the
instant's own date (a summer entry read in winter keeps its summer time): `astimezone` with a
zoneinfo zone does exactly that, so nothing here ever takes "today's offset".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo


def days_word(day: date, today: date) -> str:
    """`today`, `yesterday`, `3 days ago`, `in 2 weeks`, `a year ago`..."""
    n = (day - today).days
    if n == 0:
        return "today"
    if n == -1:
        return "yesterday"
    if n == 1:
        return "tomorrow"
    size = abs(n)
    if size < 14:
        amount = f"{size} days"
    elif size < 60:
        amount = f"{size // 7} weeks"
    elif size < 730:
        amount = "a year" if size >= 365 else f"{size // 30} months"
    else:
        amount = f"{size // 365} years"
    return f"{amount} ago" if n < 0 else f"in {amount}"


def span_words(delta: timedelta) -> str:
    """A stretch of time as the nudges and the roster say it: `40 s`, `7 min`, `2h05m`."""
    secs = int(delta.total_seconds())
    if secs < 60:
        return f"{max(secs, 0)} s"
    mins = secs // 60
    return f"{mins} min" if mins < 60 else f"{mins // 60}h{mins % 60:02d}m"


def full_when(when: datetime, now: datetime, tz: tzinfo) -> str:
    """`Mon 2026-11-30 23:02 CET (yesterday)`: for a confirmation that leaves no doubt."""
    local = when.astimezone(tz)
    zone = local.strftime("%Z")
    word = days_word(local.date(), now.astimezone(tz).date())
    return f"{local:%a %Y-%m-%d %H:%M}" + (f" {zone}" if zone else "") + f" ({word})"


def offset_name(when: datetime, tz: tzinfo) -> str:
    """The zone's name and UTC offset at that instant: `CEST, UTC+02:00`; `UTC` for UTC."""
    local = when.astimezone(tz)
    offset = local.strftime("%z")  # +0200
    text = f"UTC{offset[:3]}:{offset[3:5]}" if offset else "UTC"
    if text == "UTC+00:00":
        text = "UTC"
    name = local.strftime("%Z")
    return (
        text
        if not name or name == text or name.startswith(("UTC", "+", "-"))
        else f"{name}, {text}"
    )


def span(delta: timedelta) -> str:
    """A duration as people say it: 45s, 12m, 1h05m, 2d3h (its size, whatever its sign)."""
    secs = int(abs(delta.total_seconds()))
    if secs < 60:
        return f"{secs}s"
    mins, _ = divmod(secs, 60)
    if mins < 60:
        return f"{mins}m"
    hours, mins = divmod(mins, 60)
    if hours < 48:
        return f"{hours}h{mins:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours}h"


def zone_name(tz: tzinfo, now: datetime) -> str:
    """The zone as people configure it (`Europe/Berlin`), else its offset now (`UTC+05:30`)."""
    return str(getattr(tz, "key", "") or "") or offset_name(now, tz)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)  # an old naive time: UTC


def clock(when: datetime, tz: tzinfo) -> str:
    """`18:04`: a time inside an entry's text (a task's due time, a break's end), in the
    reader's zone. Bodies store instants; the zone is the reader's, given when the text is
    made (`BodyModel.describe`), never baked into the log."""
    local = _aware(when).astimezone(tz)
    return f"{local.hour:02d}:{local.minute:02d}"  # (strftime costs twice as much)


def day_clock(when: datetime, tz: tzinfo) -> str:
    """`2026-12-01 17:54`: the same, with the date (a redaction read days later)."""
    local = _aware(when).astimezone(tz)
    return f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}"
