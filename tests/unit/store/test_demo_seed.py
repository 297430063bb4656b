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
    quoted = [e.body.text for e in events if "first errors at" in getattr(e.body, "text", "")]
    assert quoted and all(f"first errors at {began})" in text for text in quoted)
    assert max(e.at for e in events) <= clock.now()


def test_seed_notes_adds_plain_notes_in_order(store, incident, clock):
    seed_notes(store, incident, 1200, clock.now(), batch=500)
    notes = [e for e in store.events(incident) if e.kind == "note"]
    assert len(notes) == 1200
    assert [e.at for e in notes] == sorted(e.at for e in notes)
    assert all("{" not in e.body.text for e in notes)  # every placeholder filled in


def test_the_demo_reads_like_one_incident_not_a_few_sentences_repeated(store, clock):
    from collections import Counter

    ref = seed_demo(store, clock.now(), entries=300, tz=UTC)
    texts = [e.body.text for e in store.events(ref.id) if hasattr(e.body, "text")]
    assert len(texts) > 250
    counts = Counter(texts)
    assert len(counts) > 0.9 * len(texts)  # nearly every entry says something of its own
    assert max(counts.values()) <= 3
    story = [e for e in store.events(ref.id) if e.kind == "decision"]
    assert [d.body.text.split(":")[0] for d in story] == [  # the story, in its order
        "Roll back 4812 first",
        "Rollback ruled out as the fix; fail payments over to eu-west next",
        "Fail payments over to eu-west; keep eu-central drained until the PSP answers",
    ]


def test_readings_follow_the_story():
    import random

    from cockpit.demo_story import reading

    def error_rate(minute: float) -> float:
        rng = random.Random(1)
        while True:
            who, kind, text = reading(minute, rng, "13:57")
            if text.startswith("checkout-api 5xx at "):
                return float(text.split(" at ")[1].split("%")[0])

    assert error_rate(30) > 30  # the rollback changed nothing
    assert error_rate(60) < 2  # the failover did


def test_the_demo_people_recorded_their_own_entries(tmp_path, clock):
    """Run by `root` (the CLI's recorder), the demo's rows are not all "(via root)"."""
    from cockpit.store import Store

    with Store.open(tmp_path / "demo.sqlite3", create=True, recorder="root") as store:
        ref = seed_demo(store, clock.now(), tz=UTC)
        assert [e for e in store.events(ref.id) if e.recorded_by] == []
        assert store.recorder == "root"  # what is written next is the user's own
