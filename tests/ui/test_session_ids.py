"""The screen's state keeps no set of ids of its own: it asks the timeline, which holds them
anyway (100,000 ids held twice cost ~10 MB). Applied the way the screen applies them (the first
screen, then history in chunks that repeat some of it, then live events), the state is the
fold of the same events, and every event is counted once."""

from __future__ import annotations

from datetime import UTC

from cockpit.core.state import fold
from cockpit.store import screen_load
from cockpit.tui.session import Session
from tests.conftest import make


def test_the_state_on_the_timelines_ids_is_the_fold_of_the_same_events(store, clock, incident):
    for i in range(30):
        clock.advance(1)
        text = f"note {i} @bob" if i % 7 == 0 else f"note {i}"
        store.append(make(incident, "alice", {"kind": "note", "text": text}, clock))
    note = store.events(incident)[5]
    store.append(make(incident, "bob", {"kind": "entry_edited", "target": note.id,
                                        "text": "note 5, fixed @carol"}, clock))  # fmt: skip
    store.append(make(incident, "bob", {"kind": "severity_set", "severity": "SEV2"}, clock))
    s = Session(store, clock, "alice", incident, "INC-1", UTC)
    first = screen_load.first_screen(store, incident, tail=10)
    assert s.apply(first.items) == len(first.items)
    chunks = list(screen_load.history(store, incident, first.cursor, chunk=8))
    assert sum(s.merge(chunk + chunk[:2]) for chunk in chunks) == 30 - 10  # repeats count once
    update = store.append(make(incident, "alice", {"kind": "status_update",
                                                   "text": "still looking"}, clock))  # fmt: skip
    assert s.merge([update, update]) == 1  # a chunk that repeats an event applies it once
    live = make(incident, "carol", {"kind": "note", "text": "live @dave"}, clock)
    assert s.apply([store.append(live), live]) == 1
    every = store.events(incident)
    assert s.state.snapshot() == fold(every).snapshot()
    assert [u.id for u in s.state.updates] == [update.id]
    assert len(s.state.ids) == len(every) and all(e.id in s.state.ids for e in every)
    assert "not-an-event" not in s.state.ids
