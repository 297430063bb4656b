"""Every metric on constructed incidents: several impact windows and components, a reopened
incident, one crossing midnight and lasting more than a day, times given in several UTC
offsets, and missing milestones giving null (never a number made up from something else)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from cockpit.core import cadence
from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.metrics import METRICS, compute, time_at_severity, update_timings
from cockpit.core.metrics_text import metrics_lines
from cockpit.core.milestones import MilestoneName
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Audience, Severity

INC = "inc-metrics"
T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
MIN = 60


def at(text: str) -> datetime:
    """`14:05` on T0's day (UTC), or a full ISO time with its offset."""
    if len(text) <= 5:
        h, m = text.split(":")
        return T0.replace(hour=int(h), minute=int(m))
    return datetime.fromisoformat(text)


def build(*steps: tuple[str | datetime, dict], declared: str | None = "14:10",
          severity: str | None = "SEV2") -> IncidentState:  # fmt: skip
    """An incident: declared at `declared`, then each (time, body), recorded one after the
    other (the clock runs on; the times are backdated as a scribe would)."""
    clock = FakeClock(T0 + timedelta(days=3))
    state = IncidentState(INC)
    if declared is not None:
        body = {"kind": "incident_declared", "title": "t"} | (
            {"severity": severity} if severity else {}
        )
        state.apply(new_event(INC, "ann", body, clock, at=at(declared)))
    for when, body in steps:
        clock.advance(1)
        moment = when if isinstance(when, datetime) else at(when)
        state.apply(new_event(INC, "ann", body, clock, at=moment, state=state))
    return state


def ms(name: str, **fields) -> dict:
    return {"kind": "milestone", "name": name, **fields}


NOW = T0 + timedelta(hours=6)


def test_a_complete_incident_gives_every_metric_in_seconds():
    state = build(
        ("14:00", ms("impact_started", level="outage")),
        ("14:04", ms("detected", how="monitoring")),
        ("14:05", {"kind": "person_paged", "person": "bob"}),
        ("14:07", {"kind": "page_acknowledged", "person": "bob"}),
        ("14:30", ms("cause_identified")),
        ("14:40", ms("mitigated")),
        ("14:50", ms("impact_ended")),
        ("15:04", {"kind": "phase_set", "phase": "resolved"}),
    )
    m = compute(state, NOW)
    assert {name: m.seconds(name) for name in (x.name for x in METRICS)} == {
        "time_to_detect": 4 * MIN, "time_to_acknowledge": 2 * MIN, "time_to_declare": 6 * MIN,
        "time_to_identify": 26 * MIN, "time_to_mitigate": 36 * MIN, "time_to_resolve": 60 * MIN,
        "impact_duration": 50 * MIN,
    }  # fmt: skip
    assert m.warnings == [] and all(not v.missing for v in m.values.values())
    assert m.values["time_to_detect"].start == at("14:00")
    assert m.values["time_to_detect"].end == at("14:04")


@pytest.mark.parametrize(
    ("missing", "metrics", "why"),
    [
        ("impact_started", {"time_to_detect", "impact_duration"}, "no impact_started milestone"),
        ("detected", {"time_to_detect", "time_to_declare", "time_to_identify", "time_to_mitigate",
                      "time_to_resolve"}, "no detected milestone"),
        ("cause_identified", {"time_to_identify"}, "no cause_identified milestone"),
        ("mitigated", {"time_to_mitigate"}, "no mitigated milestone"),
        ("page", {"time_to_acknowledge"}, "no page recorded"),
        ("ack", {"time_to_acknowledge"}, "no page acknowledged"),
        ("resolved", {"time_to_resolve"}, "not resolved"),
        ("impact_ended", {"impact_duration"}, "impact still going on (the service)"),
    ],
)  # fmt: skip
def test_a_missing_milestone_gives_null_and_says_which(missing, metrics, why):
    steps = {
        "impact_started": ("14:00", ms("impact_started")),
        "detected": ("14:04", ms("detected")),
        "page": ("14:05", {"kind": "person_paged", "person": "bob"}),
        "ack": ("14:07", {"kind": "page_acknowledged", "person": "bob"}),
        "cause_identified": ("14:30", ms("cause_identified")),
        "mitigated": ("14:40", ms("mitigated")),
        "impact_ended": ("14:50", ms("impact_ended")),
        "resolved": ("15:04", {"kind": "phase_set", "phase": "resolved"}),
    }
    del steps[missing]
    m = compute(build(*steps.values()), NOW)
    nulls = {name for name, v in m.values.items() if v.seconds is None}
    assert nulls == metrics
    for name in metrics:
        assert why in m.values[name].missing, (name, m.values[name].missing)


def test_nothing_recorded_gives_nothing_but_nulls():
    m = compute(build(declared="14:00"), NOW)
    assert all(v.seconds is None for v in m.values.values())
    assert m.windows == [] and m.impact_so_far is None
    assert m.severity_seconds == {"SEV2": 6 * 60 * MIN}  # declared 14:00, now 20:00


def test_several_windows_and_components_count_their_union_once():
    """api 14:00-14:30 (outage), db 14:20-14:50 (degraded), overlapping; then api again
    15:10-15:20 after a gap; a change of level on db at 14:40."""
    state = build(
        ("14:00", ms("impact_started", component="api", level="outage")),
        ("14:20", ms("impact_started", component="db", level="degraded")),
        ("14:30", ms("impact_ended", component="api")),
        ("14:40", ms("impact_started", component="DB", level="outage")),  # the same component
        ("14:45", ms("impact_started", component="db", level="outage")),  # nothing new
        ("14:50", ms("impact_ended", component="db")),
        ("15:10", ms("impact_started", component="api")),
        ("15:20", ms("impact_ended", component="api")),
    )
    m = compute(state, NOW)
    assert m.seconds("impact_duration") == (50 + 10) * MIN  # 14:00-14:50, 15:10-15:20
    assert m.impact_by_component == {"api": 40 * MIN, "db": 30 * MIN}
    assert m.impact_by_level == {"outage": (30 + 10) * MIN, "degraded": 20 * MIN,
                                 "": 10 * MIN}  # fmt: skip
    shapes = [(w.component, w.level and w.level.value, w.start.strftime("%H:%M"),
               w.end.strftime("%H:%M") if w.end else None) for w in m.windows]  # fmt: skip
    assert shapes == [("api", "outage", "14:00", "14:30"), ("db", "degraded", "14:20", "14:40"),
                      ("db", "outage", "14:40", "14:50"), ("api", None, "15:10", "15:20")]  # fmt: skip


def test_an_end_without_a_component_ends_every_window():
    state = build(
        ("14:00", ms("impact_started", component="api")),
        ("14:10", ms("impact_started", component="db")),
        ("14:30", ms("impact_ended")),
    )
    m = compute(state, NOW)
    assert [w.end for w in m.windows] == [at("14:30"), at("14:30")]
    assert m.seconds("impact_duration") == 30 * MIN


def test_impact_still_going_on_is_null_with_the_time_so_far():
    state = build(("14:00", ms("impact_started", component="checkout")))
    m = compute(state, at("14:25"))
    assert m.seconds("impact_duration") is None
    assert "checkout" in m.values["impact_duration"].missing
    assert m.impact_so_far == 25 * MIN
    assert m.impact_by_component == {"checkout": None}


def test_an_end_with_nothing_open_is_named_not_counted():
    m = compute(build(("14:00", ms("impact_ended", component="api"))), NOW)
    assert m.windows == [] and m.seconds("impact_duration") is None
    assert m.warnings and "impact ended for api" in m.warnings[0]


def test_a_reopened_incident_counts_its_final_resolution():
    steps = [
        ("14:00", ms("detected")),
        ("15:00", {"kind": "phase_set", "phase": "resolved"}),
        ("15:30", {"kind": "phase_set", "phase": "investigating", "reason": "errors are back"}),
    ]
    m = compute(build(*steps), NOW)
    assert m.seconds("time_to_resolve") is None
    assert "reopened" in m.values["time_to_resolve"].missing
    steps += [
        ("16:00", {"kind": "phase_set", "phase": "resolved"}),
        ("16:10", {"kind": "phase_set", "phase": "closed"}),
    ]  # closing is not a new move
    m = compute(build(*steps), NOW)
    assert m.seconds("time_to_resolve") == 2 * 60 * MIN
    assert m.values["time_to_resolve"].end == at("16:00")


def test_closed_straight_from_an_open_phase_counts_as_the_resolution():
    m = compute(
        build(("14:00", ms("detected")), ("14:45", {"kind": "phase_set", "phase": "closed"})), NOW
    )
    assert m.seconds("time_to_resolve") == 45 * MIN


def test_a_backdated_resolution_counts_at_its_time():
    """Recorded in the postmortem, after the fact, in any order: the history is by time."""
    state = build(
        ("16:00", {"kind": "phase_set", "phase": "closed"}),
        ("14:00", ms("detected")),
        ("15:00", {"kind": "phase_set", "phase": "resolved"}),
        ("14:30", {"kind": "phase_set", "phase": "mitigating"}),
    )
    assert [s.phase.value for s in state.phase_history] == [
        "declared", "mitigating", "resolved", "closed"]  # fmt: skip
    assert compute(state, NOW).seconds("time_to_resolve") == 60 * MIN


def test_crossing_midnight_and_lasting_more_than_a_day():
    day = datetime(2026, 11, 21, tzinfo=UTC)
    state = build(
        (day.replace(hour=22, minute=52), ms("impact_started", level="degraded")),
        (day.replace(hour=22, minute=54), ms("detected")),
        (day + timedelta(days=1, hours=11, minutes=12), ms("mitigated")),
        (day + timedelta(days=1, hours=23, minutes=3), ms("impact_ended")),
        (day + timedelta(days=1, hours=23, minutes=3), {"kind": "phase_set", "phase": "resolved"}),
        declared="2026-11-21T23:09:00+00:00",
    )
    m = compute(state, NOW)
    assert m.seconds("impact_duration") == (24 * 60 + 11) * MIN
    assert m.seconds("time_to_resolve") == (24 * 60 + 9) * MIN
    assert m.seconds("time_to_mitigate") == (12 * 60 + 18) * MIN
    assert m.seconds("time_to_declare") == 15 * MIN


def test_times_given_in_several_utc_offsets_are_the_same_instants():
    """The same incident typed in Los Angeles, Kolkata, Tokyo and UTC gives the same numbers."""
    utc = [("14:00", "impact_started"), ("14:04", "detected"), ("14:40", "mitigated"),
           ("14:50", "impact_ended")]  # fmt: skip
    zones = [timezone(timedelta(hours=-8)), timezone(timedelta(hours=5, minutes=30)),
             timezone(timedelta(hours=9)), UTC]  # fmt: skip
    mixed = build(*((at(t).astimezone(z), ms(n)) for (t, n), z in zip(utc, zones, strict=True)),
                  declared="2026-11-23T06:10:00-08:00")  # fmt: skip
    plain = build(*((t, ms(n)) for t, n in utc))
    assert compute(mixed, NOW).as_data() == compute(plain, NOW).as_data()
    assert compute(mixed, NOW).seconds("time_to_declare") == 6 * MIN


def test_an_end_recorded_before_its_start_is_null_with_the_reason_never_negative():
    """Detected before the impact started (an alert on a leading signal), mitigated before
    detected: unusual orders, kept; their spans have no duration, and say why."""
    m = compute(build(("14:20", ms("impact_started")), ("14:05", ms("detected")),
                      ("14:01", ms("mitigated"))), NOW)  # fmt: skip
    assert m.seconds("time_to_detect") is None and m.seconds("time_to_mitigate") is None
    why = m.values["time_to_detect"].missing
    assert why.startswith("the first detection is before the first impact start"), why
    assert "first mitigated milestone is before the first detection" in (
        m.values["time_to_mitigate"].missing)  # fmt: skip
    data = m.as_data()
    assert data["time_to_detect"] is None and data["missing"]["time_to_detect"] == why
    assert data["spans"]["time_to_detect"] == {"from": "2026-11-23T14:20:00Z",
                                               "to": "2026-11-23T14:05:00Z"}  # fmt: skip
    lines = metrics_lines(m, UTC)
    (line,) = [x for x in lines if x.startswith("Time to detect")]
    assert "—" in line and "is before" in line and "(14:20 → 14:05)" in line
    assert not any(re.search(r"(?<![\w:])-\d", x) for x in lines), lines


def test_events_stored_out_of_order_fold_and_give_no_negative_number():
    """Synced from a terminal that did not check: an answer before its page, an end before
    the start it would end, an outcome before its mitigation. They fold; nothing negative."""
    state = build(
        ("04:12", {"kind": "person_paged", "person": "bob"}),
        ("04:05", {"kind": "page_acknowledged", "person": "bob"}),
        ("05:00", ms("impact_started")),
        ("04:30", ms("impact_ended")),
        ("03:00", ms("detected")),
        ("04:40", {"kind": "mitigation_started", "what": "drain", "by": "bob"}),
        declared="02:00",
    )
    flying = state.mitigations_in_flight()[0]
    clock = FakeClock(T0 + timedelta(days=4))
    state.apply(new_event(INC, "ann", {"kind": "mitigation_outcome", "mitigation": flying.id,
                                       "outcome": "worked"}, clock, at=at("04:35")))  # fmt: skip
    m = compute(state, NOW)
    assert m.seconds("time_to_acknowledge") is None
    assert "acknowledgement is before the first page" in m.values["time_to_acknowledge"].missing
    assert m.seconds("time_to_detect") is None
    assert [p.seconds_to_answer() for p in state.pages.view()] == [None]
    assert any("before the impact start at 2026-11-23 05:00Z it would end" in w
               for w in m.warnings), m.warnings  # fmt: skip
    assert any("drain" in w and "before it started" in w for w in m.warnings)
    data = m.as_data()
    assert data["mitigations"]["list"][0]["seconds"] is None
    numbers = [v for v in data.values() if isinstance(v, int)]
    assert all(n >= 0 for n in numbers)
    assert not any(re.search(r"(?<![\w:])-\d", x) for x in metrics_lines(m, UTC))


def test_a_corrected_milestone_stops_counting():
    clock = FakeClock(T0 + timedelta(days=3))
    d = new_event(INC, "ann", {"kind": "incident_declared", "title": "t"}, clock, at=at("14:10"))
    bad = new_event(INC, "ann", ms("detected"), clock, at=at("14:00"))
    good = new_event(INC, "ann", ms("detected", corrects=bad.id), clock, at=at("13:50"))
    start = new_event(INC, "ann", ms("impact_started"), clock, at=at("13:40"))
    state = IncidentState(INC)
    state.apply_all([d, bad, start])
    assert compute(state, NOW).seconds("time_to_detect") == 20 * MIN
    state.apply(good)
    assert compute(state, NOW).seconds("time_to_detect") == 10 * MIN
    assert [e.id for e in state.milestones] == [start.id, good.id]
    assert (
        state.lifecycle.first(MilestoneName.DETECTED)
        is state.lifecycle.last(MilestoneName.DETECTED)
        is good
    )
    assert len(state.lifecycle.all_milestones) == 3  # the corrected one stays in the record
    assert state.lifecycle.corrected(bad.id)


def test_time_to_acknowledge_runs_from_the_first_page_to_the_first_answer():
    state = build(
        ("14:02", {"kind": "person_paged", "person": "bob"}),
        ("14:03", {"kind": "person_paged", "person": "cy"}),
        ("14:06", {"kind": "page_acknowledged", "person": "cy"}),
        ("14:09", {"kind": "page_acknowledged", "person": "bob"}),
    )
    assert compute(state, NOW).seconds("time_to_acknowledge") == 4 * MIN
    pages = state.pages.view()
    assert [(p.person, p.seconds_to_answer()) for p in pages] == [("bob", 7 * MIN), ("cy", 3 * MIN)]


def test_time_at_each_severity_from_the_declared_one_to_the_resolution():
    state = build(
        ("14:20", {"kind": "severity_set", "severity": "SEV1", "reason": "all regions"}),
        ("15:00", {"kind": "severity_set", "severity": "SEV3", "reason": "for the night"}),
        ("15:30", {"kind": "phase_set", "phase": "resolved"}),
        ("16:00", {"kind": "severity_set", "severity": "SEV4", "reason": "after"}),
        declared="14:00",
    )
    m = compute(state, NOW)
    assert m.severity_seconds == {"SEV2": 20 * MIN, "SEV1": 40 * MIN, "SEV3": 30 * MIN}
    assert m.severity_ongoing is False
    undeclared = build(("14:15", {"kind": "severity_set", "severity": "SEV1", "reason": "r"}),
                       declared="14:00", severity=None)  # fmt: skip
    assert time_at_severity(undeclared, at("14:45")) == {"none": 15 * MIN, "SEV1": 30 * MIN}


def test_updates_late_against_the_cadence_as_it_stood_then():
    """SEV2 (30 min) from the 14:00 declaration; SEV1 (20 min) from 14:10; a promise of 45
    minutes wins over the cadence; after the resolution, nothing is late."""
    state = build(
        ("14:10", {"kind": "severity_set", "severity": "SEV1", "reason": "r"}),
        ("14:25", {"kind": "status_update", "text": "late by 5"}),  # SEV1: 14:00 + 20
        ("14:40", {"kind": "status_update", "text": "on time", "next_in_minutes": 45}),
        ("15:30", {"kind": "status_update", "text": "late by 5"}),
        ("15:40", {"kind": "phase_set", "phase": "resolved"}),
        ("17:00", {"kind": "status_update", "text": "all clear"}),
        declared="14:00",
    )
    timings = update_timings(state)
    assert [(u.due and u.due.strftime("%H:%M"), u.late_by) for u in timings] == [
        ("14:20", 5 * MIN), ("14:45", None), ("15:25", 5 * MIN), (None, None)]  # fmt: skip
    responders = {Severity.SEV1: 30, Severity.SEV2: 30, Severity.SEV3: 60, Severity.SEV4: None}
    cadences = cadence.defaults() | {Audience.RESPONDERS: responders}
    assert [u.late_by for u in update_timings(state, cadences)] == [None, None, 5 * MIN, None]
    m = compute(state, NOW)
    assert (len(m.updates), len(m.late_updates), m.missed_updates) == (4, 2, 0)
    assert m.as_data()["updates"]["late"] == 2


def test_an_open_stretch_with_no_update_counts_every_missed_one():
    """The S3 replay's INC-1: SEV1 from 09:52 to 14:10 with no update at all, the only one
    after the resolution. Every 20 minutes one was due: 12 missed, and the final word is
    neither late nor on time against a cadence that had stopped."""
    state = build(
        ("14:10", {"kind": "phase_set", "phase": "resolved"}),
        ("14:30", {"kind": "status_update", "text": "all clear"}),
        declared="09:52",
        severity="SEV1",
    )
    m = compute(state, NOW)
    assert (len(m.updates), len(m.late_updates), m.missed_updates) == (1, 0, 12)
    (gap,) = m.gaps
    assert (gap.first_due, gap.last_due, gap.until) == (at("10:12"), at("13:52"), at("14:30"))
    data = m.as_data()["updates"]
    assert (data["posted"], data["late"], data["missed"]) == (1, 0, 12)
    assert data["list"][0]["missed_before"] == 12
    lines = metrics_lines(m, UTC)
    assert "Status updates: 1 posted, 0 late, 12 missed" in lines
    assert ("  responders: 12 missed (due from 10:12 to 13:52): no update from 09:52 to 14:30"
            in lines)  # fmt: skip


def test_while_open_the_missed_updates_count_to_now():
    state = build(("14:05", {"kind": "status_update", "text": "first"}), declared="14:00",
                  severity="SEV2")  # fmt: skip
    m = compute(state, at("15:10"))  # due 14:35, 15:05: none came
    assert m.missed_updates == 2 and m.gaps[0].ongoing
    assert any(line.endswith("no update from 14:05 to now, still none")
               for line in metrics_lines(m, UTC))  # fmt: skip


def test_mitigations_with_their_outcomes():
    state = build(("14:10", {"kind": "mitigation_started", "what": "roll back", "by": "bob"}))
    mid = next(iter(state.mitigations))
    state.apply(new_event(INC, "bob", {"kind": "mitigation_outcome", "mitigation": mid,
                                       "outcome": "no_effect"}, FakeClock(at("14:25")),
                          state=state))  # fmt: skip
    data = compute(state, NOW).as_data()["mitigations"]
    assert data["tried"] == 1 and data["outcomes"] == {"no_effect": 1}
    assert data["list"][0]["seconds"] == 15 * MIN and data["list"][0]["outcome"] == "no_effect"


def test_the_definitions_are_said_once_and_reach_the_data():
    names = [m.name for m in METRICS]
    assert len(names) == len(set(names)) == 7
    data = compute(build(), NOW).as_data()
    assert all(data["definitions"][n] for n in names)
    assert all(data[n] is None for n in names)
