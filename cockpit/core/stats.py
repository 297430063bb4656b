"""Numbers across incidents (`cockpit stats`): how many, of which severity, month by month;
the median and 90th percentile of each metric; follow-ups done on time (defined in
cockpit.core.followups); the pager burden.

Each incident counts under the highest severity it reached (a SEV1 downgraded for the night
was still a SEV1) and under the month it was declared in, in the user's zone. A metric's
median and p90 are over the incidents that have it (its `n`); an incident without the
milestone is left out, never counted as zero. Percentiles interpolate linearly between the
two nearest values (numpy's default), so p90 of a few incidents is a real reading of them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from cockpit.core import events as ev
from cockpit.core.followups import ON_TIME_DEFINITION, Completion
from cockpit.core.metrics import METRICS, Metrics
from cockpit.core.pages import Page, person_key
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Severity
from cockpit.core.workhours import WorkingHours

FOLLOWUPS_MISSING = "no follow-up is due or done yet"


def peak_severity(state: IncidentState) -> Severity | None:
    """The highest severity the incident had (SEV1 is the highest)."""
    seen = [b.severity for e in state.severity_history
            if isinstance(b := e.body, ev.SeveritySet | ev.IncidentDeclared) and b.severity]  # fmt: skip
    return min(seen, key=lambda s: s.rank) if seen else None


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of `values`, linear between the nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True, slots=True)
class Figures:
    """One incident as the stats read it."""

    label: str
    declared_at: datetime
    severity: Severity | None
    metrics: Metrics
    pages: list[Page]
    followups: Completion = field(default_factory=Completion)  # by the time the stats read


@dataclass(frozen=True, slots=True)
class Spread:
    n: int
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class PagerLoad:
    pages: int
    outside_hours: int


@dataclass
class Stats:
    incidents: int
    by_severity: dict[str, int]
    by_month: dict[str, dict[str, int]]  # "2026-11" -> {"total": 3, "SEV1": 1, ...}
    metrics: dict[str, Spread]
    pager: dict[str, PagerLoad]  # by person, as first written
    hours: WorkingHours
    tz_name: str
    followups: Completion = field(default_factory=Completion)
    since: datetime | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def followups_missing(self) -> str:
        """Why there is no on-time rate ("" when there is one)."""
        return "" if self.followups.due else FOLLOWUPS_MISSING

    @property
    def pages(self) -> int:
        return sum(p.pages for p in self.pager.values())

    @property
    def pages_outside_hours(self) -> int:
        return sum(p.outside_hours for p in self.pager.values())

    def as_data(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "incidents": self.incidents,
            "by_severity": self.by_severity,
            "by_month": self.by_month,
            "metrics": {name: {"n": s.n, "median": s.median, "p90": s.p90}
                        for name, s in self.metrics.items()},
            "followups": self.followups_data(),
            "followups_missing": self.followups_missing or None,
            "pager": {
                "pages": self.pages,
                "outside_hours": self.pages_outside_hours,
                "working_hours": self.hours.describe(),
                "zone": self.tz_name,
                "by_person": {who: {"pages": p.pages, "outside_hours": p.outside_hours}
                              for who, p in self.pager.items()},
            },
            "definitions": {m.name: m.definition for m in METRICS}
            | {"followups": ON_TIME_DEFINITION},
        }  # fmt: skip

    def followups_data(self) -> dict[str, Any]:
        f = self.followups
        return {"on_time": f.on_time, "due": f.due,
                "rate": None if f.rate is None else round(f.rate, 3), "done_late": f.done_late,
                "overdue": f.overdue, "not_due": f.not_due, "undated": f.undated,
                "dropped": f.dropped}  # fmt: skip


def summarize(figures: Iterable[Figures], tz: tzinfo, hours: WorkingHours, *,
              tz_name: str = "", since: datetime | None = None) -> Stats:  # fmt: skip
    items = sorted(figures, key=lambda f: f.declared_at)
    by_severity: dict[str, int] = {s.value: 0 for s in Severity}
    by_severity["none"] = 0
    by_month: dict[str, dict[str, int]] = {}
    for f in items:
        sev = f.severity.value if f.severity else "none"
        by_severity[sev] += 1
        month = by_month.setdefault(f"{f.declared_at.astimezone(tz):%Y-%m}", {"total": 0})
        month["total"] += 1
        month[sev] = month.get(sev, 0) + 1
    spreads = {}
    for m in METRICS:
        values = [v for f in items if (v := f.metrics.seconds(m.name)) is not None]
        spreads[m.name] = Spread(
            len(values),
            float(statistics.median(values)) if values else None,
            round(percentile(values, 90), 1) if values else None,
        )
    pager: dict[str, PagerLoad] = {}
    names: dict[str, str] = {}
    for f in items:
        for p in f.pages:
            if p.paged_at is None:
                continue  # an answer with no page recorded is not a page
            who = names.setdefault(person_key(p.person), p.person)
            was = pager.get(who, PagerLoad(0, 0))
            outside = 0 if hours.inside(p.paged_at, tz) else 1
            pager[who] = PagerLoad(was.pages + 1, was.outside_hours + outside)
    pager = dict(sorted(pager.items(), key=lambda kv: (-kv[1].pages, kv[0].casefold())))
    followups = sum((f.followups for f in items), Completion())
    return Stats(len(items), by_severity, dict(sorted(by_month.items())), spreads, pager, hours,
                 tz_name, followups=followups, since=since)  # fmt: skip
