"""Each audience's cadence: the config read, the live clocks, and the late updates the
postmortem counts with the same rule."""

from datetime import timedelta

import pytest

from cockpit.core import cadence
from cockpit.core.compose import new_event
from cockpit.core.events import parse_body
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Audience, Severity, audience_of

INC = "inc-1"
R, E, S, C = Audience.RESPONDERS, Audience.EXEC, Audience.SUPPORT, Audience.CUSTOMERS


def declared(clock, severity="SEV2"):
    st = IncidentState(INC)
    body = {"kind": "incident_declared", "title": "t", "severity": severity}
    st.apply(new_event(INC, "a", body, clock))
    return st


def put(st, clock, body, minutes=1):
    clock.advance(minutes=minutes)
    e = new_event(INC, "a", body, clock, state=st)
    st.apply(e)
    return e


def update(audience, text="x", **kw):
    return {"kind": "status_update", "audience": audience, "text": text, **kw}


# ---- the config ------------------------------------------------------------------------------


def test_todays_config_still_reads_as_the_responders_cadence():
    got = cadence.cadences_from({"SEV1": 15, "sev3": 0})
    assert got[R] == {Severity.SEV1: 15, Severity.SEV2: 30, Severity.SEV3: None,
                      Severity.SEV4: None}  # fmt: skip
    assert all(m is None for a in (E, S, C) for m in got[a].values())  # none by default


def test_an_audience_gets_one_number_or_a_table_by_severity():
    got = cadence.cadences_from({"exec": 60, "customers": {"SEV1": 30, "SEV2": 45},
                                 "internal": {"SEV2": 25}})  # fmt: skip
    assert set(got[E].values()) == {60}
    assert got[C] == {Severity.SEV1: 30, Severity.SEV2: 45, Severity.SEV3: None,
                      Severity.SEV4: None}  # fmt: skip
    assert got[R][Severity.SEV2] == 25  # "internal" is the responders' old name


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ({"SEV5": 10}, "'SEV5' is neither a severity"),
        ({"execs": {"SEV9": 1}}, "'SEV9' is not a severity"),
        ({"exec": -5}, "-5 is not minutes"),
        ({"SEV1": 100000}, "is not minutes"),
        ({"boss": 60}, "'boss' is neither"),
    ],
)
def test_a_typo_in_the_cadence_says_which_key(config, says):
    with pytest.raises(ValueError, match=says):
        cadence.cadences_from(config)


# ---- the live clocks -------------------------------------------------------------------------


def test_each_audience_counts_from_its_own_last_update(clock):
    cads = cadence.cadences_from({"exec": 60, "SEV2": 20})
    st = declared(clock)
    start = clock.now()
    assert cadence.clock(st, E, cads).due == start + timedelta(minutes=60)
    r = put(st, clock, update("responders"), minutes=15)
    assert cadence.clock(st, R, cads).due == r.at + timedelta(minutes=20)
    assert cadence.clock(st, E, cads).due == start + timedelta(minutes=60)  # untouched
    assert cadence.clock(st, C, cads).due is None  # no cadence for customers
    soonest = cadence.next_due(st, cads)
    assert (soonest.audience, soonest.due) == (R, r.at + timedelta(minutes=20))
    clock.advance(minutes=40)  # responders overdue at 35, exec due at 60
    assert [c.audience for c in cadence.clocks(st, cads)] == [R, E]


def test_the_exec_clock_comes_first_when_it_is_due_sooner(clock):
    cads = cadence.cadences_from({"exec": 60})
    st = declared(clock)
    put(st, clock, update("exec"), minutes=5)
    put(st, clock, update("responders"), minutes=50)
    soonest = cadence.next_due(st, cads)
    assert soonest.audience is E and soonest.cadence_minutes == 60


def test_old_updates_count_for_responders_and_customers(clock):
    st = declared(clock)
    old = put(st, clock, update("internal"))
    ext = put(st, clock, update("external"))
    odd = put(st, clock, update("the VPs"))  # a free word an old --audience took
    assert cadence.last_update_to(st, R) is odd
    assert cadence.last_update_to(st, C) is ext
    assert [audience_of(e.body.audience) for e in (old, ext, odd)] == [R, C, R]
    # and an old event still reads as it was written
    assert parse_body(update("internal")).audience == "internal"


def test_no_update_due_says_why_through_the_responders_clock(clock):
    st = declared(clock, "SEV4")
    c = cadence.next_due(st, cadence.defaults())
    assert c.due is None and c.audience is R and c.cadence_minutes is None


# ---- after the fact --------------------------------------------------------------------------


def test_late_updates_per_audience_by_the_live_rule(clock):
    cads = cadence.cadences_from({"SEV2": 30, "exec": 60})
    st = declared(clock)
    t0 = clock.now()
    put(st, clock, update("responders"), minutes=25)  # on time (due 30)
    late = put(st, clock, update("responders"), minutes=40)  # due at 25+30=55, came at 65
    put(st, clock, update("exec"), minutes=5)  # 70: exec was due at 60
    got = cadence.late_updates(st, cads)
    assert [(x.audience, x.due - t0, x.posted) for x in got] == [
        (R, timedelta(minutes=55), late.at),
        (E, timedelta(minutes=60), t0 + timedelta(minutes=70)),
    ]
    assert got[0].late_by(clock.now()) == timedelta(minutes=10)


def test_a_promise_sets_the_due_time_of_the_next(clock):
    st = declared(clock, "SEV3")  # hourly
    put(st, clock, update("responders", next_in_minutes=10))
    put(st, clock, update("responders"), minutes=15)  # promised 10: late
    assert len(cadence.late_updates(st)) == 1


def test_an_escalation_shortens_the_wait_from_when_it_happened(clock):
    st = declared(clock, "SEV4")  # no cadence
    t0 = clock.now()
    put(st, clock, {"kind": "severity_set", "severity": "SEV1", "reason": "worse"}, minutes=10)
    posted = put(st, clock, update("responders"), minutes=120)  # SEV1 every 20: due at t0+20
    late, *missed = cadence.late_updates(st)
    assert late.due == t0 + timedelta(minutes=20) and late.posted == posted.at
    # and every 20 minutes after that, none came: 40, 60, 80, 100, 120
    assert [m.due - t0 for m in missed] == [timedelta(minutes=n) for n in (40, 60, 80, 100, 120)]
    assert all(m.posted is None for m in missed)


def test_the_last_wait_counts_until_the_end_and_stops_at_resolution(clock):
    st = declared(clock, "SEV2")
    t0 = clock.now()
    assert cadence.late_updates(st, end=t0 + timedelta(minutes=20)) == []
    (missing,) = cadence.late_updates(st, end=t0 + timedelta(minutes=45))
    assert missing.posted is None and missing.due == t0 + timedelta(minutes=30)
    put(st, clock, {"kind": "phase_set", "phase": "resolved"}, minutes=10)
    clock.advance(minutes=500)
    assert cadence.late_updates(st, end=clock.now()) == []  # resolved at 10: nothing missing


def test_each_update_with_when_it_was_due(clock):
    cads = cadence.cadences_from({"SEV2": 30, "exec": 60})
    st = declared(clock)
    t0 = clock.now()
    on_time = put(st, clock, update("responders", next_in_minutes=10), minutes=20)
    late = put(st, clock, update("responders"), minutes=15)  # promised 10
    board = put(st, clock, update("exec"), minutes=5)  # 40 < 60
    got = [(d.event, d.audience, d.due, d.late) for d in cadence.update_dues(st, cads)]
    assert got == [
        (on_time, R, t0 + timedelta(minutes=30), False),
        (late, R, on_time.at + timedelta(minutes=10), True),
        (board, E, t0 + timedelta(minutes=60), False),
    ]
    old = put(st, clock, update("external"))  # customers: no cadence, nothing asked
    assert cadence.update_dues(st, cads)[-1].due is None and old.body.audience == "external"


def test_the_final_update_after_resolution_is_not_late(clock):
    st = declared(clock, "SEV2")
    put(st, clock, update("responders"), minutes=20)
    put(st, clock, {"kind": "phase_set", "phase": "resolved"}, minutes=5)
    final = put(st, clock, update("responders", "All clear"), minutes=90)
    (*_, last) = cadence.update_dues(st)
    assert last.event is final and not last.late
    assert cadence.late_updates(st, end=clock.now()) == []


def test_no_update_for_hours_then_one_after_resolution_is_missed_not_on_time(clock):
    """The S3 replay: SEV1 from 09:52 to 14:10 with no update, the one update after the
    resolution. Every 20 minutes passed with none: 12 missed; the final word is not late."""
    st = declared(clock, "SEV1")
    t0 = clock.now()
    put(st, clock, {"kind": "phase_set", "phase": "resolved"}, minutes=258)  # 4h18m
    final = put(st, clock, update("responders", "All clear"), minutes=20)
    (w,) = [w for w in cadence.waits(st) if w.audience is R]
    assert w.update is final and not w.late and not w.posted_open and w.missed == 12
    assert w.dues[0] == t0 + timedelta(minutes=20) and w.dues[-1] == t0 + timedelta(minutes=240)
    (d,) = cadence.update_dues(st)
    assert not d.late and d.due is None and d.missed_before == 12
    assert len(cadence.late_updates(st, end=clock.now() + timedelta(days=30))) == 12


def test_a_late_update_answers_one_due_time_and_the_others_were_missed(clock):
    st = declared(clock, "SEV2")  # every 30
    t0 = clock.now()
    late = put(st, clock, update("responders"), minutes=75)  # due 30, 60 passed
    (d,) = cadence.update_dues(st)
    assert d.late and d.due == t0 + timedelta(minutes=30) and d.missed_before == 1
    last = [w for w in cadence.waits(st, end=late.at + timedelta(minutes=29)) if w.audience is R]
    assert last[-1].update is None and last[-1].missed == 0  # the next is not due yet
    last = [w for w in cadence.waits(st, end=late.at + timedelta(minutes=61)) if w.audience is R]
    assert last[-1].missed == 2  # due 30 and 60 minutes after it: both passed


def test_no_due_time_counts_while_resolved_and_a_reopening_starts_counting_again(clock):
    st = declared(clock, "SEV2")
    t0 = clock.now()
    put(st, clock, update("responders"), minutes=10)
    put(st, clock, {"kind": "phase_set", "phase": "resolved"}, minutes=10)  # at 20
    put(st, clock, {"kind": "phase_set", "phase": "investigating"}, minutes=120)  # at 140
    end = t0 + timedelta(minutes=175)
    (*_, w) = [w for w in cadence.waits(st, end=end) if w.audience is R]
    # due every 30 from 10: 40..130 fell while resolved; 160 passed while open again
    assert w.dues == (t0 + timedelta(minutes=160),)
