"""Opening an incident for the screen: state and latest entries first, the rest in chunks,
light records for plain entries; together the same state and timeline as a full read."""

from datetime import UTC, timedelta

from cockpit.core.events import Event
from cockpit.core.light import LightEntry
from cockpit.core.state import IncidentState
from cockpit.core.timeline import Timeline
from cockpit.store import screen_load
from tests.conftest import make


def fill(store, incident, clock, notes=60):
    store.append(make(incident, "ann", {"kind": "severity_set", "severity": "SEV2"}, clock))
    store.append(
        make(incident, "ann", {"kind": "role_assigned", "role": "ic", "person": "ann"}, clock)
    )
    for i in range(notes):
        store.append(make(incident, "bob", {"kind": "note", "text": f"note {i} @carol"}, clock))
    early = clock.now() - timedelta(hours=1)
    store.append(make(incident, "bob", {"kind": "decision", "text": "backdated"}, clock, at=early))
    store.append(make(incident, "cy", {"kind": "hypothesis", "text": "bad deploy"}, clock))


def test_first_screen_has_the_state_and_the_latest_entries(store, incident, clock):
    fill(store, incident, clock)
    first = screen_load.first_screen(store, incident, tail=10)
    assert not first.complete  # older entries remain to be read
    assert screen_load.count(store, incident, first.cursor) == store.count(incident) == 65
    kinds = [i.kind for i in first.items]
    assert {"incident_declared", "severity_set", "role_assigned", "hypothesis"} <= set(kinds)
    light = [i for i in first.items if isinstance(i, LightEntry)]
    assert len(light) == 10 and light[-1].text == "note 59 @carol"
    assert all(isinstance(i, Event) for i in first.items if i.kind not in ("note", "decision"))


def test_first_screen_then_history_equals_reading_everything(store, incident, clock):
    fill(store, incident, clock)
    first = screen_load.first_screen(store, incident, tail=7)
    state, tl = IncidentState(incident), Timeline(UTC)
    state.apply_all(first.items)
    tl.apply_all(first.items)
    chunks = list(screen_load.history(store, incident, first.cursor, chunk=16))
    whole = screen_load.first_screen(store, incident, tail=100)
    assert whole.complete and len(whole.items) == 65
    assert len(chunks) == 4  # 61 plain entries, newest first, 16 at a time
    for chunk in chunks:
        state.apply_all(chunk)
        tl.merge(chunk)
    full = store.events(incident)
    reference = IncidentState(incident)
    reference.apply_all(full)
    assert state.snapshot() == reference.snapshot()
    ref_tl = Timeline(UTC)
    ref_tl.apply_all(full)
    assert [(r.id, r.text) for r in tl] == [(r.id, r.text) for r in ref_tl]
    assert [r.event for r in tl] == [r.event for r in ref_tl]  # light rows rebuild the same


def test_items_after_a_cursor_and_odd_rows_fall_back_to_validation(store, incident, clock):
    fill(store, incident, clock, notes=3)
    _, cursor = screen_load.items_after(store, incident, 0)
    e = store.append(make(incident, "dee", {"kind": "evidence", "text": "ERR 1\nERR 2"}, clock))
    items, new_cursor = screen_load.items_after(store, incident, cursor)
    assert [i.id for i in items] == [e.id] and new_cursor > cursor
    assert items[0].to_event() == e
    odd = e.model_dump_json().replace('"recorded_at"', '"recorded"')
    try:
        screen_load.decode("note", odd)
    except ValueError as exc:  # pydantic names what is wrong with the row
        assert "recorded_at" in str(exc)
    else:
        raise AssertionError("a malformed row must not load silently")
