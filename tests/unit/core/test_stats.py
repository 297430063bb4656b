"""Numbers across incidents: counts by severity and month, median and p90, the pager burden
against working hours (configurable, night shifts included)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.metrics import compute
from cockpit.core.state import IncidentState
from cockpit.core.stats import Figures, peak_severity, percentile, summarize
from cockpit.core.workhours import WorkingHours, parse_days, parse_hour

NOW = datetime(2026, 12, 31, tzinfo=UTC)


def incident(n: int, declared: datetime, severities: list[str], detect_minutes: int | None,
             pages: list[tuple[str, datetime]] = ()) -> Figures:  # fmt: skip
    clock = FakeClock(declared)
    inc = f"inc-{n}"
    state = IncidentState(inc)
    state.apply(new_event(inc, "a", {"kind": "incident_declared", "title": "t",
                                     "severity": severities[0]}, clock))  # fmt: skip
    for sev in severities[1:]:
        clock.advance(60)
        state.apply(new_event(inc, "a", {"kind": "severity_set", "severity": sev}, clock,
                              state=state))  # fmt: skip
    if detect_minutes is not None:
        start = declared - timedelta(minutes=detect_minutes + 5)
        state.apply(new_event(inc, "a", {"kind": "milestone", "name": "impact_started"}, clock,
                              at=start))  # fmt: skip
        state.apply(new_event(inc, "a", {"kind": "milestone", "name": "detected"}, clock,
                              at=start + timedelta(minutes=detect_minutes)))  # fmt: skip
    for person, when in pages:
        state.apply(new_event(inc, "a", {"kind": "person_paged", "person": person}, clock, at=when))
    return Figures(f"INC-{n}", declared, peak_severity(state), compute(state, NOW),
                   state.pages.view())  # fmt: skip


def test_percentiles_interpolate_between_the_nearest_values():
    assert percentile([10], 90) == 10
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == pytest.approx(9.1)
    assert percentile([5, 1, 3], 50) == 3
    with pytest.raises(ValueError):
        percentile([], 90)


def test_counts_by_peak_severity_and_month_in_the_users_zone():
    berlin = ZoneInfo("Europe/Berlin")
    items = [
        incident(1, datetime(2026, 10, 31, 23, 30, tzinfo=UTC), ["SEV3", "SEV1", "SEV3"], 4),
        incident(2, datetime(2026, 11, 10, 9, tzinfo=UTC), ["SEV2"], 10),
        incident(3, datetime(2026, 11, 20, 9, tzinfo=UTC), ["SEV2"], None),
    ]
    s = summarize(items, berlin, WorkingHours())
    assert s.incidents == 3
    assert s.by_severity == {"SEV1": 1, "SEV2": 2, "SEV3": 0, "SEV4": 0, "none": 0}
    # 23:30 UTC on 31 October is 00:30 on 1 November in Berlin
    assert s.by_month == {"2026-11": {"total": 3, "SEV1": 1, "SEV2": 2}}
    assert s.metrics["time_to_detect"].n == 2  # the incident without it is left out, not zero
    assert s.metrics["time_to_detect"].median == 7 * 60
    assert s.metrics["time_to_detect"].p90 == pytest.approx(9.4 * 60)
    assert s.metrics["time_to_resolve"].n == 0 and s.metrics["time_to_resolve"].median is None
    assert s.followups.rate is None and s.followups_missing == "no follow-up is due or done yet"
    data = s.as_data()
    assert data["metrics"]["time_to_detect"] == {"n": 2, "median": 420.0, "p90": 564.0}


def test_the_pager_burden_counts_pages_outside_working_hours_per_person():
    utc = UTC
    mon = datetime(2026, 11, 23, tzinfo=utc)  # a Monday
    pages = [("bob", mon.replace(hour=3)), ("bob", mon.replace(hour=10)),
             ("Bob", mon.replace(hour=17)), ("cy", mon + timedelta(days=5, hours=11))]  # fmt: skip
    s = summarize([incident(1, mon, ["SEV2"], None, pages)], utc, WorkingHours())
    assert {k: (v.pages, v.outside_hours) for k, v in s.pager.items()} == {
        "bob": (3, 2),
        "cy": (1, 1),
    }  # 17:00 is after the day; Saturday is no working day
    assert (s.pages, s.pages_outside_hours) == (4, 3)


def test_working_hours_are_configurable_and_a_night_shift_runs_past_midnight():
    night = WorkingHours(parse_hour("22:00"), parse_hour("06:00"), parse_days(["mon", "tue"]))
    tue = datetime(2026, 11, 24, tzinfo=UTC)
    assert night.inside(tue.replace(hour=23), UTC)  # Tuesday night
    assert night.inside(tue.replace(hour=3), UTC)  # Monday's shift, after midnight
    assert not night.inside(tue.replace(hour=12), UTC)
    assert night.inside(tue + timedelta(days=1, hours=3), UTC)  # Tuesday's shift, to Wed 06:00
    assert not night.inside(tue + timedelta(days=1, hours=23), UTC)  # Wednesday: no shift
    assert not night.inside(tue + timedelta(days=2, hours=3), UTC)
    assert WorkingHours().start == time(9) and WorkingHours().describe().startswith("09:00-17:00")
    tokyo = ZoneInfo("Asia/Tokyo")
    assert WorkingHours().inside(datetime(2026, 11, 23, 1, tzinfo=UTC), tokyo)  # 10:00 there
    for bad in ("25:00", "9", "09:60"):
        with pytest.raises(ValueError):
            parse_hour(bad)
    with pytest.raises(ValueError):
        parse_days(["someday"])
