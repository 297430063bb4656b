from datetime import timedelta

from cockpit.core import rules
from cockpit.core.compose import new_event
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Role

INC = "inc-1"


def setup(clock, severity="SEV2"):
    st = IncidentState(INC)
    st.apply(
        new_event(
            INC, "a", {"kind": "incident_declared", "title": "t", "severity": severity}, clock
        )
    )
    return st


def put(st, clock, body, minutes=1):
    clock.advance(minutes=minutes)
    e = new_event(INC, "a", body, clock, state=st)
    st.apply(e)
    return e


def test_cadence_counts_from_declaration_then_from_the_last_update(clock):
    st = setup(clock, "SEV1")
    declared = clock.now()
    nu = rules.next_update(st)
    assert nu.due == declared + timedelta(minutes=20) and nu.cadence_minutes == 20
    u = put(st, clock, {"kind": "status_update", "text": "investigating"}, minutes=25)
    assert rules.next_update(st).due == u.at + timedelta(minutes=20)
    assert not rules.next_update(st).overdue(clock.now())
    clock.advance(minutes=20)
    assert rules.next_update(st).overdue(clock.now())


def test_an_update_that_names_its_next_time_wins_over_the_cadence(clock):
    st = setup(clock, "SEV3")
    u = put(st, clock, {"kind": "status_update", "text": "x", "next_in_minutes": 15})
    assert rules.next_update(st).due == u.at + timedelta(minutes=15)


def test_sev4_and_closed_incidents_have_no_update_due(clock):
    assert rules.next_update(setup(clock, "SEV4")).due is None
    st = setup(clock, "SEV1")
    put(st, clock, {"kind": "phase_set", "phase": "resolved"})
    assert rules.next_update(st).due is None


def test_configured_cadence_overrides_the_default(clock):
    st = setup(clock, "SEV2")
    from cockpit.core.vocabulary import Severity

    nu = rules.next_update(st, {Severity.SEV2: 10})
    assert nu.cadence_minutes == 10


def test_unacknowledged_tasks_stand_out_after_a_few_minutes(clock):
    st = setup(clock)
    t = put(st, clock, {"kind": "task_delegated", "task": "check", "owner": "bob"})
    assert rules.unacknowledged_tasks(st, clock.now()) == []
    clock.advance(minutes=3)
    assert [x.id for x in rules.unacknowledged_tasks(st, clock.now())] == [t.id]
    put(st, clock, {"kind": "task_status", "target": t.id, "status": "acknowledged"})
    assert rules.unacknowledged_tasks(st, clock.now()) == []


def test_idle_when_nothing_is_in_progress_for_a_while(clock):
    st = setup(clock)
    assert rules.idle_for(st, clock.now()) is None
    clock.advance(minutes=6)
    assert rules.idle_for(st, clock.now()) == timedelta(minutes=6)
    m = put(st, clock, {"kind": "mitigation_started", "what": "restart", "by": "bob"})
    clock.advance(minutes=30)
    assert rules.idle_for(st, clock.now()) is None
    assert rules.blocking_mitigation(st).id == m.id
    put(st, clock, {"kind": "mitigation_outcome", "mitigation": m.id, "outcome": "no_effect"})
    assert rules.blocking_mitigation(st) is None
    assert rules.idle_for(st, clock.now()) is None
    clock.advance(minutes=5)
    assert rules.idle_for(st, clock.now()) == timedelta(minutes=5)


def test_empty_critical_roles(clock):
    st = setup(clock)
    assert rules.empty_critical_roles(st) == [Role.IC, Role.SCRIBE]
    put(st, clock, {"kind": "role_assigned", "role": "ic", "person": "a"})
    assert rules.empty_critical_roles(st) == [Role.SCRIBE]


def test_a_promised_next_update_does_not_relabel_the_cadence(clock):
    """`next in 1` moves the next update, but the severity's cadence is still the cadence;
    and a later severity change shows its own cadence, not the old promise."""
    st = setup(clock, "SEV3")
    u = put(st, clock, {"kind": "status_update", "text": "x", "next_in_minutes": 1})
    nu = rules.next_update(st)
    assert nu.due == u.at + timedelta(minutes=1)
    assert (nu.cadence_minutes, nu.promised_minutes) == (60, 1)
    put(st, clock, {"kind": "severity_set", "severity": "SEV2", "reason": "worse"})
    assert rules.next_update(st).cadence_minutes == 30
