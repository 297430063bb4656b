"""Appending and reading events: idempotence, the clock moved on, many incidents, numbering."""

from datetime import UTC

import pytest

from cockpit.core.compose import new_event
from cockpit.core.hlc import make as hlc_make
from cockpit.core.hlc import parse as hlc_parse
from cockpit.core.ids import uuid7
from cockpit.store import Store, errors
from tests.conftest import make


def declare(store, clock, title="X"):
    clock.advance(1)
    e = make(uuid7(clock.now()), "alice", {"kind": "incident_declared", "title": title}, clock)
    return store.declare(e)


def note(incident, clock, text="n", **kw):
    return make(incident, "bob", {"kind": "note", "text": text}, clock, **kw)


def test_append_is_idempotent(store, incident, clock):
    e = note(incident, clock)
    first = store.append(e)
    again = store.append(e)
    assert again == first
    assert store.count(incident) == 2
    assert store.append_many([e, e], origin="remote") == []
    assert store.count(incident) == 2


def test_append_returns_what_was_stored_and_it_reads_back_equal(store, incident, clock):
    e = store.append(note(incident, clock, "héllo\nworld"))
    assert store.event(e.id) == e
    assert store.events(incident)[-1] == e


def test_the_clock_value_moves_past_the_files_latest(store, incident, clock):
    ahead = note(incident, clock).model_copy(update={"hlc": hlc_make(10**14, 5)})
    store.append(ahead, origin="remote")
    behind = store.append(note(incident, clock))  # made with a clock far behind the file
    assert behind.hlc > ahead.hlc
    assert hlc_parse(behind.hlc) == (10**14, 6)
    assert store.latest_hlc() == behind.hlc
    assert store.event(behind.id).hlc == behind.hlc


def test_remote_batches_keep_their_clock_values(store, incident, clock):
    e = note(incident, clock).model_copy(update={"hlc": hlc_make(5, 0)})
    store.append(note(incident, clock))
    [kept] = store.append_many([e], origin="remote")
    assert kept.hlc == hlc_make(5, 0)


def test_many_incidents_in_one_file_numbered_in_order(store, clock):
    refs = [declare(store, clock, f"Incident {i}")[0] for i in range(1, 4)]
    assert [r.label for r in refs] == ["INC-1", "INC-2", "INC-3"]
    for r in refs:
        store.append(note(r.id, clock, f"for {r.label}"))
    for r in refs:
        texts = [e.body.describe(tz=UTC) for e in store.events(r.id)]
        assert texts[-1] == f"for {r.label}"
        assert store.state(r.id).title == f"Incident {r.number}"
    assert [i.number for i in store.incidents()] == [1, 2, 3]


@pytest.mark.parametrize("text", ["INC-2", "inc-2", "inc2", "2", " 2 "])
def test_incident_lookup_by_label_number_or_id(store, clock, text):
    declare(store, clock)
    ref, _ = declare(store, clock)
    assert store.incident(text) == ref
    assert store.incident(ref.id) == ref


def test_unknown_incident(store, incident, clock):
    with pytest.raises(errors.UnknownIncident, match="INC-1"):
        store.incident("INC-5")
    with pytest.raises(errors.UnknownIncident):
        store.append(note("not-declared", clock))
    assert store.count(incident) == 1


def test_a_declared_id_keeps_its_number_when_declared_again(store, clock):
    ref, e = declare(store, clock)
    again, _ = store.declare(e)
    assert again == ref and len(store.incidents()) == 1


def test_ensure_incident_from_sync_gets_the_next_number(store, incident, clock):
    ref = store.ensure_incident("from-elsewhere", clock.now())
    assert ref.label == "INC-2"
    assert store.ensure_incident("from-elsewhere", clock.now()) == ref


def test_events_after_a_cursor_and_data_version(store, incident, clock, db_path):
    with Store.open(db_path) as other:
        v0 = store.data_version()
        cursor = store.last_seq()
        other.append(note(incident, clock, "from another connection"))
        assert store.data_version() != v0
        new = store.events_with_seq(incident, cursor)
        assert [e.body.text for _, e in new] == ["from another connection"]
        assert new[0][0] == store.last_seq() > cursor
        assert store.events_with_seq(None, store.last_seq()) == []


def test_state_is_the_fold_of_the_stored_events(store, incident, clock):
    st = store.state(incident)
    sev = store.append(new_event(incident, "ic", {"kind": "severity_set", "severity": "SEV2"},
                                 clock, state=st))  # fmt: skip
    assert store.state(incident).severity.value == "SEV2"
    assert store.state(incident).heads("severity") == (sev.id,)


def test_declare_commits_the_first_events_with_the_incident_or_nothing(store, clock, monkeypatch):
    # The screen declares and names the first IC together: a failure in between once left an
    # incident with no IC, and the form's retry declared a second one.
    declared = make(uuid7(clock.now()), "alice", {"kind": "incident_declared", "title": "X"}, clock)
    ic = make(declared.incident, "alice", {"kind": "role_assigned", "role": "ic",
              "person": "alice"}, clock)  # fmt: skip
    real_insert = store._insert

    def insert(conn, e, origin, **kw):
        if e.kind == "role_assigned":
            raise errors.StoreError("the disk is full")
        return real_insert(conn, e, origin, **kw)

    monkeypatch.setattr(store, "_insert", insert)
    with pytest.raises(errors.StoreError):
        store.declare(declared, ic)
    assert store.incidents() == []
    monkeypatch.undo()
    ref, _ = store.declare(declared, ic)
    assert [e.kind for e in store.events(ref.id)] == ["incident_declared", "role_assigned"]
    assert ref.label == "INC-1"


def test_declare_refuses_first_events_of_another_incident(store, clock):
    declared = make(uuid7(clock.now()), "alice", {"kind": "incident_declared", "title": "X"}, clock)
    stray = note("some-other-incident", clock)
    with pytest.raises(ValueError, match="belong"):
        store.declare(declared, stray)
    assert store.incidents() == []
