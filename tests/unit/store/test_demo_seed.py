"""The demo's data: the incident `make demo` shows, and the plain notes the benchmarks use."""

from __future__ import annotations

from datetime import UTC, timedelta

from cockpit.demo import seed_demo, seed_notes


def test_the_demo_quotes_times_on_its_own_clock(store, clock):
    ref = seed_demo(store, clock.now(), entries=200, tz=UTC)
    events = store.events(ref.id)
    declared = events[0]
    began = f"{declared.at - timedelta(minutes=3):%H:%M}"  # the first 5xx, before declaring
    assert declared.body.summary.endswith(f"since {began}")
    quoted = [e.body.text for e in events if "spike began" in getattr(e.body, "text", "")]
    assert quoted and all(text.endswith(began) for text in quoted)
    assert max(e.at for e in events) <= clock.now()


def test_seed_notes_adds_plain_notes_in_order(store, incident, clock):
    seed_notes(store, incident, 1200, clock.now(), batch=500)
    notes = [e for e in store.events(incident) if e.kind == "note"]
    assert len(notes) == 1200
    assert [e.at for e in notes] == sorted(e.at for e in notes)
    assert all("{" not in e.body.text for e in notes)  # every placeholder filled in
