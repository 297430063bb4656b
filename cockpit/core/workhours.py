"""Working hours, for the pager burden: a page outside them woke someone or took their evening.

Configured as `[working_hours]` (start, end, days) and read in the one time zone setting
(`tz`). A day that ends before it starts (`start = "22:00"`, `end = "06:00"`) is a night
shift: it runs past midnight, and a time belongs to the working day it falls in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, tzinfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOUR = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_hour(text: str) -> time:
    m = _HOUR.match(text.strip())
    if not m or int(m[1]) > 24 or int(m[2]) > 59 or (int(m[1]) == 24 and int(m[2])):
        raise ValueError(f"{text!r} is not a time of day; use HH:MM such as 09:00")
    hour = int(m[1])
    return time(23, 59, 59, 999999) if hour == 24 else time(hour, int(m[2]))


def parse_days(names: Iterable[str]) -> frozenset[int]:
    """Day names (`mon`, `Tuesday`...) as weekday numbers (Monday is 0)."""
    out = set()
    for name in names:
        key = name.strip().lower()[:3]
        if key not in DAY_NAMES:
            raise ValueError(f"{name!r} is not a day; use mon, tue, wed, thu, fri, sat or sun")
        out.add(DAY_NAMES.index(key))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class WorkingHours:
    start: time = time(9)
    end: time = time(17)
    days: frozenset[int] = frozenset(range(5))

    def inside(self, at: datetime, tz: tzinfo) -> bool:
        local = at.astimezone(tz)
        t = local.time().replace(tzinfo=None)
        if self.start == self.end:  # round the clock, on working days
            return local.weekday() in self.days
        if self.start < self.end:
            return local.weekday() in self.days and self.start <= t < self.end
        if t >= self.start:  # a night shift: tonight belongs to today's working day
            return local.weekday() in self.days
        return t < self.end and (local.weekday() - 1) % 7 in self.days

    def describe(self) -> str:
        days = ", ".join(DAY_NAMES[d] for d in sorted(self.days)) or "no days"
        return f"{self.start:%H:%M}-{self.end:%H:%M} on {days}"
