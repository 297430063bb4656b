"""The compact timeline (cockpit.core.timeline_columns) reads exactly as a timeline of whole
rows: the same rows, in the same order, with the same texts, whatever arrives in what order,
and a search over its columns finds what testing each row finds."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.core.clock import FakeClock
from cockpit.core.compose import new_event
from cockpit.core.light import LightEntry
from cockpit.core.packed import BLOCK
from cockpit.core.query import Query, matches, run
from cockpit.core.timeline import Timeline

INC = "inc-cols"
T0 = datetime(2026, 11, 23, 14, tzinfo=UTC)

steps = st.lists(
    st.tuples(
        st.sampled_from(["note", "note", "note", "decision", "link", "via", "odd-clock", "pin",
                         "edit", "redact", "full-note"]),
        st.sampled_from(["DB pool #db busy", "Straße #Cache", "rollback", "ok", "#db #api x"]),
        st.integers(-900, 0),  # backdated by seconds
        st.sampled_from(["ann", "bob", "cy"]),
    ),
    min_size=1,
    max_size=30,
)  # fmt: skip


def incident(script):
    """A mixed incident: light notes (some backdated, with links, recorded by someone else, a
    clock value from a foreign writer), full events, pins, edits and redactions."""
    clock = FakeClock(T0)
    items, targets = [], []
    for kind, text, back, who in script:
        clock.advance(1)
        at = clock.now() + timedelta(seconds=back) if back else None
        if kind in ("edit", "redact", "pin") and targets:
            aim = targets[back % len(targets)]
            body = {"edit": {"kind": "entry_edited", "target": aim, "text": text + " (fixed)"},
                    "redact": {"kind": "entry_redacted", "target": aim},
                    "pin": {"kind": "entry_pinned", "target": aim}}[kind]  # fmt: skip
            items.append(new_event(INC, who, body, clock))
            continue
        entry_kind = "decision" if kind == "decision" else "note"
        body = {"kind": entry_kind, "text": text}
        if kind == "link":
            body["link"] = "https://grafana/d/1"
        e = new_event(INC, who, body, clock, at=at)
        targets.append(e.id)
        if kind == "full-note":
            items.append(e)  # a plain entry read whole
            continue
        light = LightEntry.from_event(e)
        if kind == "via":
            light = light._replace(recorded_by="deploy-bot")
        elif kind == "odd-clock":
            light = light._replace(hlc=light.hlc + "-peer")
        items.append(light)
    return items


def seen(tl):
    return [(r.id, r.at, r.hlc, r.author, r.kind, r.text, r.search_text, r.tags, r.edited,
             r.redacted, r.recorded_by, r.original_text, [e.id for e in r.history],
             r.event.model_dump()) for r in tl]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(steps, st.randoms(use_true_random=False), st.integers(1, 7))
def test_the_compact_timeline_reads_as_whole_rows_in_any_arrival_order(script, rnd, chunk):
    items = incident(script)
    whole = Timeline(UTC)  # every event whole: no compact slot at all
    whole.apply_all(e if not isinstance(e, LightEntry) else e.to_event() for e in items)
    assert not any(whole.columns.texts)
    expected = seen(whole)
    keys = [(r.at, r.hlc, r.id) for r in whole]
    assert keys == sorted(keys)

    shuffled = items[:]
    rnd.shuffle(shuffled)
    one_by_one = Timeline(UTC)
    one_by_one.apply_all(shuffled + shuffled[:3])  # repeats change nothing
    assert seen(one_by_one) == expected

    merged = Timeline(UTC)
    for i in range(0, len(shuffled), chunk):
        merged.merge(shuffled[i : i + chunk])
    assert seen(merged) == expected
    assert [merged.index_of(r.id) for r in merged] == list(range(len(merged)))
    assert [merged.id_at(i) for i in range(len(merged))] == [r.id for r in merged]
    assert [merged.kind_at(i) for i in range(len(merged))] == [r.kind for r in merged]
    for when in (T0, T0 + timedelta(seconds=5), T0 + timedelta(minutes=9)):
        assert merged.index_at(when) == whole.index_at(when)


queries = st.builds(
    Query,
    kinds=st.sampled_from([frozenset(), frozenset({"note"}), frozenset({"decision"})]),
    authors=st.sampled_from([frozenset(), frozenset({"bob"}), frozenset({"ann", "cy"})]),
    tags=st.sampled_from([frozenset(), frozenset({"db"}), frozenset({"cache", "api"})]),
    text=st.sampled_from(["", "db", "STRASSE", "ß", "fixed", "redacted", "ok"]),
)


@settings(max_examples=60, deadline=None)
@given(steps, queries)
def test_a_search_over_the_columns_finds_what_testing_each_row_finds(script, q):
    tl = Timeline(UTC)
    tl.apply_all(incident(script))
    needle = q.text.strip().casefold()
    expected = [i for i, row in enumerate(tl) if q.empty or matches(row, q, needle)]
    assert run(tl, q) == expected
    if q.text:  # a narrowing search rescans only the previous matches
        wider = Query(q.kinds, q.authors, q.tags, q.text[:-1])
        assert run(tl, q, previous=(wider, run(tl, wider))) == expected


def test_a_search_of_many_entries_finds_them_in_sealed_blocks_and_in_the_tail():
    clock = FakeClock(T0)
    tl = Timeline(UTC)
    for i in range(2500):
        clock.advance(1)
        text = (
            f"entry {i}"
            + (" Rollback #DB" if i % 500 == 7 else "")
            + (" #dbx" if i % 300 == 2 else "")
        )
        tl.apply(LightEntry.from_event(new_event(INC, "bob", {"kind": "note", "text": text},
                                                 clock)))  # fmt: skip
    assert len(tl.columns.ids.blocks) == 2  # two sealed blocks, and a tail
    assert run(tl, Query(text="rollback")) == [7, 507, 1007, 1507, 2007]
    assert run(tl, Query(tags=frozenset({"db"}))) == [7, 507, 1007, 1507, 2007]  # not #dbx
    assert run(tl, Query(tags=frozenset({"dbx"}))) == list(range(2, 2500, 300))
    edit = new_event(INC, "bob", {"kind": "entry_edited", "target": tl.id_at(507),
                     "text": "nothing"}, clock)  # fmt: skip
    tl.apply(edit)  # the sealed block keeps the old words; the kept row's are searched
    assert run(tl, Query(text="rollback")) == [7, 1007, 1507, 2007]
    assert run(tl, Query(tags=frozenset({"db"}))) == [7, 1007, 1507, 2007]
    assert tl[507].text == "nothing" and tl[507].edited


def test_plain_entries_keep_no_row_until_one_is_edited_quoted_or_not_plain():
    clock = FakeClock(T0)
    notes = []
    for i in range(BLOCK + 10):
        clock.advance(1)
        notes.append(new_event(INC, "bob", {"kind": "note", "text": f"n{i}"}, clock))
    tl = Timeline(UTC)
    tl.merge([LightEntry.from_event(e) for e in notes])
    assert not tl.columns.kept and len(tl.columns.texts.blocks) == 1  # columns only
    assert tl[3] == tl[3] and tl[3] is not tl[3]  # built on each read, equal each time
    pin = new_event(INC, "ann", {"kind": "entry_pinned", "target": notes[3].id}, clock)
    edit = new_event(INC, "ann", {"kind": "entry_edited", "target": notes[5].id, "text": "x"},
                     clock)  # fmt: skip
    tl.apply(pin)
    tl.apply(edit)
    tl.apply(notes[0])  # again, whole: already in
    link = LightEntry.from_event(new_event(INC, "bob", {"kind": "note", "text": "see",
                                           "link": "https://x"}, clock))  # fmt: skip
    tl.apply(link)
    assert set(tl.columns.kept) == {tl.slots.get(i) for i in (notes[3].id, notes[5].id, pin.id,
                                                              link.id)}  # fmt: skip
    assert tl.by_id[notes[5].id] is tl.by_id[notes[5].id] and tl.by_id[notes[5].id].edited
    assert tl.by_id[pin.id].text == "Pinned “n3”"
