"""Reading the file's other incidents for one screen: their state-setting events, never their
notes nor the screen's own incident; then only what is new after a cursor, by another
connection too; a new incident brings the labels again."""

from __future__ import annotations

from cockpit.core.compose import new_event
from cockpit.store import Store, others

ME, A, B = "0196e1a4-0000-7000-8000-0000000000a1", "0196e1a4-0000-7000-8000-0000000000a2", \
    "0196e1a4-0000-7000-8000-0000000000a3"  # fmt: skip


def declare(store, clock, incident, title):
    store.declare(new_event(incident, "a", {"kind": "incident_declared", "title": title}, clock))


def test_first_then_after(store, clock, db_path):
    declare(store, clock, ME, "me")
    declare(store, clock, A, "a")
    store.append(new_event(A, "a", {"kind": "note", "text": "a note"}, clock))
    store.append(new_event(A, "a", {"kind": "role_assigned", "role": "ic", "person": "x"}, clock))
    store.append(new_event(ME, "a", {"kind": "severity_set", "severity": "SEV1"}, clock))
    got = others.first(store, ME)
    # A's summary; not its note, nor its roles (not linked with ME), nothing of ME
    assert [e.kind for e in got.events] == ["incident_declared"]
    assert got.labels == {ME: "INC-1", A: "INC-2"} and got.linked == set()
    assert others.after(store, ME, got.cursor, 2) is None  # nothing new: one look-up
    with Store.open(db_path) as elsewhere:  # another terminal
        elsewhere.append(new_event(A, "b", {"kind": "note", "text": "n"}, clock))
        elsewhere.append(new_event(A, "b", {"kind": "severity_set", "severity": "SEV1"}, clock))
        declare(elsewhere, clock, B, "b")
    later = others.after(store, ME, got.cursor, 2)
    assert later is not None
    assert [(e.incident, e.kind) for e in later.events] == [(A, "severity_set"),
                                                            (B, "incident_declared")]  # fmt: skip
    assert later.labels[B] == "INC-3"  # a new incident: the labels again
    store.append(new_event(ME, "a", {"kind": "note", "text": "mine"}, clock))
    quiet = others.after(store, ME, later.cursor, 3)
    assert quiet is not None and quiet.events == [] and quiet.labels == {}
    assert others.after(store, ME, quiet.cursor, 3) is None


def test_the_whole_state_of_linked_incidents_first_and_once_linked_later(store, clock):
    declare(store, clock, ME, "me")
    for incident in (A, B):
        declare(store, clock, incident, incident)
        store.append(new_event(incident, "a", {"kind": "role_assigned", "role": "ic",
                                               "person": "lead"}, clock))  # fmt: skip
    store.append(new_event(A, "a", {"kind": "incident_linked", "target": ME,
                                    "relation": "part_of"}, clock))  # fmt: skip
    got = others.first(store, ME)
    assert got.linked == {A}  # A names ME: its roles come too; B's do not
    assert sorted((e.incident[-2:], e.kind) for e in got.events) == [
        ("a2", "incident_declared"), ("a2", "incident_linked"), ("a2", "role_assigned"),
        ("a3", "incident_declared")]  # fmt: skip
    # ME links to B: the next read says so; B's earlier state comes with `complete`.
    store.append(new_event(ME, "a", {"kind": "incident_linked", "target": B,
                                     "relation": "caused_by"}, clock))  # fmt: skip
    later = others.after(store, ME, got.cursor, 3)
    assert later is not None and later.linked == {B} and later.events == []  # ME's own: not sent
    assert [e.kind for e in others.complete(store, {B}, got.cursor)] == ["role_assigned"]
