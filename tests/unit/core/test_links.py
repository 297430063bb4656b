"""Links between incidents: a register per (other incident, relation), so unlinking is a write
and two people who disagree without seeing each other show as a conflict; and the other
incidents of the file as a parent's screen sees them (its children, live)."""

from __future__ import annotations

import random
from datetime import UTC

import pytest

from cockpit.core import events as ev
from cockpit.core.compose import new_event
from cockpit.core.links import IncidentLinked, Relation, parse_relation, standing
from cockpit.core.neighbours import Neighbourhood
from cockpit.core.state import fold
from cockpit.core.vocabulary import Phase, Severity

PARENT, A, B, FAR = "inc-parent-0001", "inc-child-a-01", "inc-child-b-01", "inc-elsewhere-1"


def link(clock, incident, target, relation="part_of", linked=True, state=None, title=""):
    body = {"kind": "incident_linked", "target": target, "relation": relation, "linked": linked}
    if title:
        body["title"] = title
    clock.advance(1)
    return new_event(incident, "alice", body, clock, state=state)


def declared(clock, incident, title, severity="SEV2"):
    return new_event(incident, "alice", {"kind": "incident_declared", "title": title,
                                         "severity": severity}, clock)  # fmt: skip


def test_relations_are_typed_as_people_say_them():
    assert parse_relation("caused-by") is Relation.CAUSED_BY
    assert parse_relation("Part of") is Relation.PART_OF
    assert parse_relation("duplicate") is Relation.DUPLICATE_OF
    assert parse_relation("related") is Relation.RELATED
    with pytest.raises(ValueError, match="caused-by, duplicate-of, part-of, related"):
        parse_relation("blocks")


def test_the_body_names_the_other_incident_by_id_and_reads_as_a_sentence():
    b = ev.parse_body({"kind": "incident_linked", "target": PARENT, "relation": "part_of",
                       "title": "Black Friday"})  # fmt: skip
    assert isinstance(b, IncidentLinked)
    assert b.register() == ("link", PARENT, "part_of") and b.value() is True
    assert b.describe(tz=UTC) == "Linked: part of “Black Friday”"
    off = b.model_copy(update={"linked": False, "title": ""})
    assert off.describe(tz=UTC) == "Unlinked: no longer part of incident inc-parent-00…"
    with pytest.raises(ValueError):  # an id, never free text
        ev.parse_body({"kind": "incident_linked", "target": "INC 3; drop", "relation": "related"})


def test_link_unlink_and_a_conflict(clock):
    on = link(clock, A, PARENT)
    state = fold([on])
    assert [(x.target, x.relation) for x in standing(state)] == [(PARENT, Relation.PART_OF)]
    off = link(clock, A, PARENT, linked=False, state=state)
    state.apply(off)
    assert standing(state) == [] and off.prev == (on.id,)
    # Two people who did not see each other: one links again, one unlinks.
    again = link(clock, A, PARENT, state=state)
    other = link(clock, A, PARENT, linked=False, state=fold([on]))
    state.apply(again)
    state.apply(other)
    assert [c.register for c in state.conflicts()] == [("link", PARENT, "part_of")]


def test_any_order_folds_to_the_same_links(clock):
    events = [declared(clock, A, "a"), link(clock, A, PARENT), link(clock, A, FAR, "caused_by")]
    events.append(link(clock, A, FAR, "caused_by", linked=False, state=fold(events)))
    expected = fold(events).snapshot()
    for seed in range(5):
        shuffled = events * 2
        random.Random(seed).shuffle(shuffled)
        state = fold(shuffled)
        assert state.snapshot() == expected
        assert [x.target for x in standing(state)] == [PARENT]


def test_a_parent_sees_its_children_live_and_what_it_cannot_see(clock):
    parent = fold([declared(clock, PARENT, "Black Friday", "SEV1"),
                   link(clock, PARENT, FAR, "caused_by", title="PSP outage")])  # fmt: skip
    n = Neighbourhood()
    labels = {PARENT: "INC-1", A: "INC-2", B: "INC-3"}
    n.apply([declared(clock, A, "EU cards"), link(clock, A, PARENT),
             declared(clock, B, "DB failover", "SEV3"), link(clock, B, PARENT)], labels)  # fmt: skip
    rows = n.rows(parent)
    assert [(r.name, r.words, r.is_child) for r in rows] == [
        ("INC-2", "child workstream", True),
        ("INC-3", "child workstream", True),
        ("PSP outage", "caused by", False),  # not in this file: the title recorded with it
    ]
    assert rows[2].other is None and rows[2].other_id == FAR
    v = n.version
    # Child A gets a lead, a mitigation, a new severity: the next apply shows them.
    n.apply([
        new_event(A, "bob", {"kind": "role_assigned", "role": "ic", "person": "bob"}, clock),
        new_event(A, "bob", {"kind": "mitigation_started", "what": "Fail over", "by": "kim"},
                  clock),
        new_event(A, "bob", {"kind": "severity_set", "severity": "SEV1"}, clock),
        new_event(A, "bob", {"kind": "phase_set", "phase": "mitigating"}, clock),
    ])  # fmt: skip
    assert n.version > v
    child = n.children(parent)[0].other
    assert child is not None
    assert (child.severity, child.phase, child.lead, child.mitigation) == (
        Severity.SEV1,
        Phase.MITIGATING,
        "bob",
        "Fail over",
    )
    # From a child, its parent (outgoing) comes first.
    child_state = n.states[A]
    rows = n.rows(child_state)
    assert rows[0].is_parent and rows[0].words == "part of" and rows[0].name == "INC-1"


def test_a_link_written_on_the_other_side_is_its_own_row(clock):
    """Both were said, each in its own log: two rows, the older link first."""
    n = Neighbourhood()
    n.apply([declared(clock, A, "a"), link(clock, A, PARENT, "related")],
            {PARENT: "INC-1", A: "INC-2"})  # fmt: skip
    parent = fold([declared(clock, PARENT, "p"), link(clock, PARENT, A, "caused_by")])
    assert [(r.words, r.outgoing) for r in n.rows(parent)] == [("related to", False),
                                                                 ("caused by", True)]  # fmt: skip
