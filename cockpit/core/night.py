"""The night, for the nudges' downgrade question (`cockpit.core.nudges`): when it starts and
ends in the user's zone, and whether an instant falls in it. A night may cross midnight.

Pure: a function of an instant and the thresholds' `night_start`, `night_end` and `tz`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cockpit.core.nudges import Thresholds


def night(now: datetime, t: Thresholds) -> tuple[datetime, datetime] | None:
    """The night `now` falls in, as (start, end) instants, or None by day (or with no night:
    a start equal to the end)."""
    if t.night_start == t.night_end:
        return None
    local = now.astimezone(t.tz)
    for back in (0, 1):
        day = local.date() - timedelta(days=back)
        start = datetime.combine(day, t.night_start, tzinfo=t.tz)
        ends = day if t.night_end > t.night_start else day + timedelta(days=1)
        end = datetime.combine(ends, t.night_end, tzinfo=t.tz)
        if start <= now < end:
            return start, end
    return None
