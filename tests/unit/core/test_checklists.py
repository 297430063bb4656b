"""Checklist items the record shows done by itself, and the progress that counts them."""

from cockpit.core import checklists
from cockpit.core.checklists import INTAKE, KICKOFF, RESOLUTION
from cockpit.core.state import IncidentState
from tests.conftest import make

INC = "inc-1"


def fold(clock, *bodies) -> IncidentState:
    state = IncidentState(INC)
    state.apply(make(INC, "alice", {"kind": "incident_declared", "title": "X"}, clock))
    for body in bodies:
        state.apply(make(INC, "alice", body, clock))
    return state


def test_the_intake_answers_tick_the_intake(clock):
    state = fold(clock, {"kind": "field_set", "field": "impact", "value": "EU card payments"},
                 {"kind": "field_set", "field": "started", "value": "13:52"})  # fmt: skip
    assert checklists.progress(state, INTAKE) == (3, 5)  # impact and blast radius, started
    assert checklists.evident(state, INTAKE, "When it started known") == "answered in the intake"
    assert checklists.evident(state, INTAKE, "What changed recently known") is None
    cleared = fold(clock, {"kind": "field_set", "field": "impact", "value": "x"},
                   {"kind": "field_set", "field": "impact", "value": "  "})  # fmt: skip
    assert checklists.progress(cleared, INTAKE) == (0, 5)  # an answer taken back


def test_the_kickoff_counts_severity_roles_and_the_first_update(clock):
    roles = [{"kind": "role_assigned", "role": r, "person": p}
             for r, p in (("ic", "alice"), ("scribe", "sam"), ("tech_lead", "priya"))]  # fmt: skip
    state = fold(clock, {"kind": "severity_set", "severity": "SEV2", "reason": "r"}, *roles)
    item = "Roles filled (IC, scribe, tech lead, comms)"
    assert checklists.done(state, KICKOFF, "Severity set") and not checklists.done(
        state, KICKOFF, item
    )
    state.apply(make(INC, "alice", {"kind": "role_assigned", "role": "comms_lead",
                                    "person": "lee"}, clock))  # fmt: skip
    state.apply(make(INC, "lee", {"kind": "status_update", "text": "Investigating"}, clock))
    assert checklists.progress(state, KICKOFF) == (3, 4)  # the call's announcement: ticked
    assert checklists.progress(state, RESOLUTION) == (0, 4)  # judgement, never evident
