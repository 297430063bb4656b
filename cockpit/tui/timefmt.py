"""How durations and clock times read on screen.

Times are shown in the session's zone (`--tz`, COCKPIT_TZ, the config, else the system's: a
zoneinfo zone), so each instant gets the offset of its own date; the wording shared with the
CLI (`full_when`, `offset_name`) is in `cockpit.core.timefmt`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


def duration(delta: timedelta) -> str:
    """`4:05`, `1:02:03`; negative durations read as their size."""
    total = int(abs(delta.total_seconds()))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def short_duration(delta: timedelta) -> str:
    """`12m`, `1h05m`, `40s`."""
    total = int(abs(delta.total_seconds()))
    if total < 60:
        return f"{total}s"
    h, rest = divmod(total, 3600)
    m = rest // 60
    return f"{h}h{m:02d}m" if h else f"{m}m"


def clock_time(when: datetime, tz: tzinfo | None) -> str:  # None: the machine's zone
    return when.astimezone(tz).strftime("%H:%M")
