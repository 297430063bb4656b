"""A timeline row's time, as the time mode asks: the user's zone (`14:02:05`), UTC
(`14:02:05Z`) or relative to the declaration (`T+01:05:00`); with the date once the incident
spans days, and the year once it spans years. `compact` drops the seconds."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def row_time(when: datetime, mode: str, tz: tzinfo, origin: datetime | None, *,
             compact: bool, with_date: bool, with_year: bool) -> str:  # fmt: skip
    if mode == "relative" and origin is not None:
        seconds = int((when - origin).total_seconds())
        sign = "-" if seconds < 0 else "+"
        h, rest = divmod(abs(seconds), 3600)
        text = f"T{sign}{h:02d}:{rest // 60:02d}" + ("" if compact else f":{rest % 60:02d}")
        return text + " "
    local = when.astimezone(UTC if mode == "utc" else tz)
    fmt = "%H:%M " if compact else "%H:%M:%S "
    if with_year:
        fmt = "%Y-%m-%d " + fmt
    elif with_date:
        fmt = "%m-%d " + fmt
    return local.strftime(fmt) + ("Z " if mode == "utc" and not compact else "")
