"""What every section of the postmortem draft reads: the incident folded once (state and
timeline) and its numbers computed once (`cockpit.core.metrics`, with the team's update
cadences), the zone and the moment it is written, and how a time or a redacted text reads.

Times read in the user's zone: `15:02` on the day the incident was declared, with the date on
any other day, and with the UTC offset when it differs from the one the document names at
its top (a change of the clocks during the incident). Anything shown from an event that was
redacted (a mitigation's description, an update, a follow-up...) reads as the redaction,
never as the text, whichever section shows it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from cockpit.core import events as ev
from cockpit.core.cadence import Cadences
from cockpit.core.metrics import Metrics, compute
from cockpit.core.state import IncidentState
from cockpit.core.timefmt import offset_name
from cockpit.core.timeline import REDACTED, Row, Timeline


@dataclass
class Context:
    label: str  # INC-n in the file it is exported from
    events: list[ev.Event]
    tz: tzinfo
    now: datetime  # when the draft is made: "still open", "overdue" are as of then
    cadences: Cadences | None = None  # each audience's update cadence (None: the defaults)
    state: IncidentState = field(init=False)
    timeline: Timeline = field(init=False)
    start: datetime = field(init=False)  # the declaration (or the first event)
    day: date = field(init=False)  # its date in the zone: times on it need no date
    offset: timedelta | None = field(init=False)  # the zone's offset then

    def __post_init__(self) -> None:
        self.state = IncidentState()
        self.state.apply_all(self.events)
        self.timeline = Timeline(self.tz)
        self.timeline.apply_all(self.events)
        start = self.state.declared_at or self.now
        self.start = start
        self.day = start.astimezone(self.tz).date()
        self.offset = start.astimezone(self.tz).utcoffset()

    @functools.cached_property
    def metrics(self) -> Metrics:
        """The numbers as `cockpit metrics` gives them at `now` (the one computation)."""
        return compute(self.state, self.now, self.cadences)

    # ---- times ------------------------------------------------------------------------------

    def when(self, at: datetime, day: date | None = None) -> str:
        """`15:02`, or `Tue 2026-11-24 09:15` on another day (than the declaration's, or
        `day`); `(UTC+02:00)` after it when the zone's offset then is not the one the
        document names."""
        local = at.astimezone(self.tz)
        same = local.date() == (day or self.day)
        text = f"{local:%H:%M}" if same else f"{local:%a %Y-%m-%d %H:%M}"
        if local.utcoffset() != self.offset:
            text += f" ({offset_name(at, self.tz)})"
        return text

    def full(self, at: datetime) -> str:
        """`Mon 2026-11-23 15:02 CET`: a moment that stands alone (the document's facts)."""
        local = at.astimezone(self.tz)
        zone = local.strftime("%Z")
        return f"{local:%a %Y-%m-%d %H:%M}" + (f" {zone}" if zone else "")

    def zone_line(self) -> str:
        """The sentence that says which zone the times are in."""
        name = getattr(self.tz, "key", None)
        offset = offset_name(self.start, self.tz)
        if offset == "UTC" and name in (None, "UTC", "Etc/UTC"):
            return "Times are in UTC."
        return f"Times are in {name} ({offset})." if name else f"Times are in {offset}."

    # ---- text -------------------------------------------------------------------------------

    def row(self, event_id: str) -> Row | None:
        return self.timeline.by_id.get(event_id)

    def redacted(self, event_id: str) -> bool:
        row = self.row(event_id)
        return row is not None and row.redacted

    def redaction(self, row: Row) -> str:
        """How a redacted entry reads: who redacted it, when, and why if they said."""
        r = row.redaction
        assert r is not None
        reason = getattr(r.body, "reason", "")
        return f"{REDACTED} by {r.author} at {self.when(r.at)}" + (f": {reason}" if reason else "")

    def text(self, event_id: str, text: str) -> str:
        """`text`, taken from the event `event_id`, or the redaction when it was redacted."""
        row = self.row(event_id)
        return self.redaction(row) if row is not None and row.redacted else text

    def entry_text(self, row: Row) -> str:
        """An entry's text as it reads now: the latest edit, or the redaction."""
        return self.redaction(row) if row.redacted else row.text

    def rows(self, *kinds: str) -> list[Row]:
        return [r for r in self.timeline if r.kind in kinds]
