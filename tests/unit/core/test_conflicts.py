"""Every kind of shared state in conflict can be shown and settled by one new event."""

import pytest

from cockpit.core import conflicts
from cockpit.core.compose import new_event
from cockpit.core.state import IncidentState

INC = "inc-1"


def concurrent(clock, body_a, body_b, setup=()):
    st = IncidentState(INC)
    st.apply(new_event(INC, "ann", {"kind": "incident_declared", "title": "t"}, clock))
    for b in setup:
        clock.advance(1)
        st.apply(new_event(INC, "ann", b, clock, state=st))
    clock.advance(1)
    a = new_event(INC, "ann", body_a, clock, state=st)
    b = new_event(INC, "bob", body_b, clock, state=st)
    st.apply(a)
    st.apply(b)
    return st


CASES = [
    ({"kind": "severity_set", "severity": "SEV1"}, {"kind": "severity_set", "severity": "SEV2"}, (), "severity"),
    ({"kind": "phase_set", "phase": "mitigating"}, {"kind": "phase_set", "phase": "monitoring"}, (), "phase"),
    ({"kind": "role_assigned", "role": "ic", "person": "ann"},
     {"kind": "role_assigned", "role": "ic", "person": "bob"}, (), "Incident Commander"),
    ({"kind": "checklist_item", "checklist": "intake", "item": "x", "checked": True},
     {"kind": "checklist_item", "checklist": "intake", "item": "x", "checked": False},
     ({"kind": "checklist_item", "checklist": "intake", "item": "x"},), "checklist intake: x"),
    ({"kind": "field_set", "field": "title", "value": "A"},
     {"kind": "field_set", "field": "title", "value": "B"}, (), "the incident's title"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b", "setup", "label"), CASES)
def test_each_conflict_is_described_and_settled_by_keeping_either_value(clock, a, b, setup, label):
    st = concurrent(clock, a, b, setup)
    (c,) = st.conflicts()
    line = conflicts.summary(c, st)
    assert line.startswith(label + ":") and "(ann)" in line and "(bob)" in line
    loser = c.writes[-1]  # keep the value that is not in force now
    clock.advance(1)
    body = conflicts.keep(c.register, loser.value)
    st.apply(new_event(INC, "cy", body, clock, state=st))
    assert st.conflicts() == []
    assert st.register(*c.register).value == loser.value


def test_an_empty_single_role_is_settled_by_releasing_it():
    with pytest.raises(ValueError, match="release"):
        conflicts.keep(("role", "ic"), None)
    assert conflicts.show(("role", "ic"), None) == "nobody"
