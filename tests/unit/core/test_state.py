from datetime import timedelta

import pytest

from cockpit.core.compose import new_event
from cockpit.core.state import IncidentState
from cockpit.core.vocabulary import Outcome, Phase, Role, Severity, TaskStatus

INC = "inc-1"


@pytest.fixture
def st(clock):
    s = IncidentState(INC)
    s.apply(new_event(INC, "alice", {"kind": "incident_declared", "title": "Checkout down",
                                     "service": "checkout", "severity": "SEV3"}, clock))  # fmt: skip
    return s


def declared(st):
    return st.declared.id


def put(st, clock, author, body, **kw):
    clock.advance(seconds=10)
    e = new_event(INC, author, body, clock, state=st, **kw)
    assert st.apply(e)
    return e


def test_declaration_sets_title_fields_and_first_severity(st):
    assert st.title == "Checkout down" and st.field("service") == "checkout"
    assert st.severity is Severity.SEV3 and st.phase is Phase.DECLARED


def test_severity_changes_keep_a_history_and_a_since(st, clock):
    a = put(st, clock, "alice", {"kind": "severity_set", "severity": "SEV2", "reason": "more"})
    b = put(st, clock, "bob", {"kind": "severity_set", "severity": "SEV1", "reason": "all"})
    assert st.severity is Severity.SEV1 and st.severity_since == b.at
    assert [e.id for e in st.severity_history] == [declared(st), a.id, b.id]
    assert b.prev == (a.id,)


def test_the_severity_declared_with_starts_the_history(st, clock):
    """Issue 11 item 8: `declare --severity SEV2` then `severity SEV1` kept only SEV1."""
    assert [e.body.severity for e in st.severity_history] == [Severity.SEV3]
    assert st.severity_since == st.declared.at
    put(st, clock, "bob", {"kind": "severity_set", "severity": "SEV1"})
    history = st.severity_history
    assert [e.body.severity for e in history] == [Severity.SEV3, Severity.SEV1]
    assert [e.kind for e in history] == ["incident_declared", "severity_set"]
    assert history[0].at < history[1].at


def test_a_declaration_without_severity_adds_nothing_to_the_history(clock):
    s = IncidentState(INC)
    s.apply(new_event(INC, "alice", {"kind": "incident_declared", "title": "t"}, clock))
    assert s.severity_history == [] and s.severity is None


def test_backdated_severity_goes_into_history_in_time_order(st, clock):
    a = put(st, clock, "alice", {"kind": "severity_set", "severity": "SEV2"})
    b = put(st, clock, "bob", {"kind": "severity_set", "severity": "SEV1"},
            at=clock.now() - timedelta(hours=1))  # fmt: skip
    assert [e.id for e in st.severity_history] == [b.id, declared(st), a.id]
    assert st.severity is Severity.SEV1  # the latest write wins, whatever it says of the past


def test_roles_single_holder_handover_and_release(st, clock):
    put(st, clock, "alice", {"kind": "role_assigned", "role": "ic", "person": "alice"})
    put(st, clock, "alice", {"kind": "role_assigned", "role": "ic", "person": "bob",
                             "note": "impact: checkout; next update 14:30"})  # fmt: skip
    assert [h.person for h in st.holders(Role.IC)] == ["bob"]
    put(st, clock, "bob", {"kind": "role_released", "role": "ic", "person": "bob"})
    assert st.holders(Role.IC) == []


def test_several_smes_and_one_person_with_several_hats(st, clock):
    for p in ("carol", "dan"):
        put(st, clock, "alice", {"kind": "role_assigned", "role": "sme", "person": p})
    put(st, clock, "alice", {"kind": "role_assigned", "role": "scribe", "person": "carol"})
    assert [h.person for h in st.holders(Role.SME)] == ["carol", "dan"]
    assert st.roles_of("carol") == [Role.SCRIBE, Role.SME]
    put(st, clock, "alice", {"kind": "role_released", "role": "sme", "person": "carol"})
    assert [h.person for h in st.holders(Role.SME)] == ["dan"]


def test_mitigation_in_flight_until_its_outcome(st, clock):
    m = put(st, clock, "alice", {"kind": "mitigation_started", "what": "roll back", "by": "dan"})
    assert st.current_mitigation.id == m.id and st.current_mitigation.outcome is None
    put(st, clock, "dan", {"kind": "mitigation_outcome", "mitigation": m.id, "outcome": "worked"})
    assert st.current_mitigation is None
    assert st.mitigation(m.id).outcome is Outcome.WORKED


def test_tasks_are_open_until_done_or_dropped(st, clock):
    t = put(st, clock, "alice", {"kind": "task_delegated", "task": "check db", "owner": "carol"})
    assert st.task(t.id).status is TaskStatus.DELEGATED
    put(st, clock, "carol", {"kind": "task_status", "target": t.id, "status": "acknowledged"})
    assert st.open_tasks()[0].status is TaskStatus.ACKNOWLEDGED
    put(st, clock, "carol", {"kind": "task_status", "target": t.id, "status": "done"})
    assert st.open_tasks() == []


def test_checklist_items_check_and_uncheck(st, clock):
    body = {"kind": "checklist_item", "checklist": "intake", "item": "Blast radius known"}
    put(st, clock, "alice", body)
    assert st.checked("intake", "Blast radius known").author == "alice"
    put(st, clock, "bob", {**body, "checked": False})
    assert st.checked("intake", "Blast radius known") is None


def test_hypotheses_and_questions_stay_open_until_settled(st, clock):
    h = put(st, clock, "bob", {"kind": "hypothesis", "text": "bad deploy"})
    q = put(st, clock, "bob", {"kind": "question", "text": "is EU affected?"})
    put(st, clock, "carol", {"kind": "note", "text": "just a note"})
    assert [e.id for e in st.open_questions()] == [h.id, q.id]
    put(st, clock, "dan", {"kind": "entry_resolved", "target": h.id, "resolution": "ruled_out"})
    assert [e.id for e in st.open_questions()] == [q.id]


def test_people_are_known_from_authors_roles_pages_and_tasks(st, clock):
    put(st, clock, "bob", {"kind": "person_paged", "person": "erin"})
    put(st, clock, "bob", {"kind": "task_delegated", "task": "x", "owner": "frank"})
    assert set(st.people) == {"alice", "bob", "erin", "frank"}


def test_duplicates_are_ignored_and_other_incidents_refused(st, clock):
    e = put(st, clock, "alice", {"kind": "note", "text": "once"})
    assert not st.apply(e)
    other = new_event("inc-2", "x", {"kind": "note", "text": "y"}, clock)
    with pytest.raises(ValueError, match="belongs to incident"):
        st.apply(other)


def test_concurrent_severity_changes_show_as_a_conflict(st, clock):
    base = st
    clock.advance(10)
    a = new_event(INC, "alice", {"kind": "severity_set", "severity": "SEV1"}, clock, state=base)
    b = new_event(INC, "bob", {"kind": "severity_set", "severity": "SEV2"}, clock, state=base)
    base.apply(a)
    base.apply(b)
    (conflict,) = base.conflicts()
    assert conflict.register == ("severity",)
    assert {w.value for w in conflict.writes} == {Severity.SEV1, Severity.SEV2}
    put(base, clock, "alice", {"kind": "severity_set", "severity": "SEV1", "reason": "settled"})
    assert base.conflicts() == [] and base.severity is Severity.SEV1
