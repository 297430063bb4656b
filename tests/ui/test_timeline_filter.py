"""The timeline's filtered view kept up to date without rescanning: what it shows always
equals running the query afresh, and "new below" counts only rows after the last one."""

from __future__ import annotations

from datetime import UTC, timedelta
from functools import partial

import pytest

from cockpit.core.compose import new_event
from cockpit.core.light import LightEntry
from cockpit.core.query import Query, run
from cockpit.core.timeline import Timeline
from cockpit.tui.timeline_filter import TimelineFilter

INC = "0196e1a4-0000-7000-8000-00000000c0de"


def note(clock, text: str, author: str = "ann", at=None, kind: str = "note", light=False):
    clock.advance(1)
    e = new_event(INC, author, {"kind": kind, "text": text}, clock, at=at)
    return LightEntry.from_event(e) if light else e


# light: entries as the screen reads them from the file, held in the timeline's compact
# columns (a row is built on each read: the view compares rows by id, never by identity)
@pytest.mark.parametrize("light", [False, True])
def test_appends_inserts_edits_and_merges_match_a_fresh_query(clock, light):
    entry = partial(note, light=light)
    tl = Timeline(UTC)
    start = clock.now()
    for i in range(20):
        tl.apply(entry(clock, f"pool {i} #db" if i % 3 else f"cpu {i}", "bob" if i % 2 else "ann"))
    view = TimelineFilter(tl)
    q = Query(text="pool", authors=frozenset({"bob"}))
    view.set(q)
    assert view.indexes == run(tl, q)

    tl.apply(entry(clock, "pool 99", "bob"))  # appended at the end: counted as new below
    assert view.refresh() == 1 and view.indexes == run(tl, q)

    tl.apply(entry(clock, "pool backdated", "bob", at=start + timedelta(seconds=3)))  # middle
    assert view.refresh() == 0 and view.indexes == run(tl, q)

    target = tl[len(tl) - 1]  # "pool 99", edited so that it no longer matches
    tl.apply(new_event(INC, "bob", {"kind": "entry_edited", "target": target.id,
                                    "text": "cpu 99"}, clock))  # fmt: skip
    assert view.refresh() == 0 and view.indexes == run(tl, q)

    older = [entry(clock, f"pool old {i}", "bob", at=start - timedelta(hours=1)) for i in range(5)]
    tl.merge(older)  # older history merged in above: nothing new below
    assert view.refresh() == 0 and view.indexes == run(tl, q)
    assert view.position_of(view.indexes[2]) == 2 and view.position_of(-5) is None


def test_everything_shown_counts_only_rows_below(clock):
    tl = Timeline(UTC)
    start = clock.now()
    for i in range(5):
        tl.apply(note(clock, f"n{i}"))
    view = TimelineFilter(tl)
    view.refresh()
    assert not view.active and len(view) == 5
    tl.apply(note(clock, "late"))
    tl.apply(note(clock, "backdated", at=start))
    assert view.refresh() == 1 and len(view) == 7
    assert view.row(len(view) - 1).text == "late"
