"""The selected entry in full under the timeline: one line per entry in the timeline, all of
it (wrapped, its lines as pasted) with its author, date, kind, tags and state in the panel."""

from __future__ import annotations

import pytest

from cockpit.tui.widgets.entry_detail import EntryDetail
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for

LONG = ("Rolled back deploy 4812 on all EU-West nodes after the error rate on checkout crossed "
        "40%; the canary showed the same pattern, so #rollback is the plan and #db stays as is "
        "until the pool metrics settle")  # fmt: skip
TRACE = 'Traceback (most recent call last):\n  File "pay.py", line 12\n\tpool.get()\nTimeoutError'


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_selected_entry_shows_in_full_and_follows_the_selection(
    store, clock, incident, size
):
    store.append(make(incident, "kim", {"kind": "decision", "text": LONG}, clock))
    store.append(make(incident, "bob", {"kind": "evidence", "text": TRACE}, clock))
    app = make_app(store, clock)
    async with app.run_test(size=size) as pilot:
        screen = await loaded(pilot)
        detail = screen.query_one(EntryDetail)
        assert not detail.display  # nothing selected: the timeline has the room
        await pilot.press("up")  # the evidence, the last entry
        await wait_for(pilot, lambda: detail.display, "the detail")
        await pilot.pause()
        text = screen_text(app)
        assert "evidence · bob · Mon 2026-11-23" in text
        assert '  File "pay.py", line 12' in text  # its layout kept
        assert "    pool.get()" in text and "TimeoutError" in text  # a tab, expanded
        row = screen.timeline_view.selected_row
        assert row is not None and row.kind == "evidence"
        assert screen.timeline_view.selected in range(  # still in view with the panel open
            round(screen.timeline_view.scroll_y),
            round(screen.timeline_view.scroll_y) + screen.timeline_view.size.height,
        )
        await pilot.press("up")  # the decision: the panel follows
        await pilot.pause()
        text = screen_text(app)
        assert "decision · kim" in text and "#db #rollback" in text
        if size[0] >= 120:
            assert "until the pool metrics settle" in text  # all of it, wrapped
        else:  # what does not fit says so, and where to read it all
            assert "Rolled back deploy 4812" in text and "more line" in text
            assert "(v: all of it)" in text
        assert "TimeoutError" not in text.split("decision · kim")[1]
        await pilot.press("end")  # following again: no selection, no panel
        await wait_for(pilot, lambda: not detail.display, "the panel hidden")


async def test_the_detail_says_edited_and_redacted(store, clock, incident):
    note = make(incident, "alice", {"kind": "note", "text": "pw=hunter2 in the log"}, clock)
    store.append(note)
    store.append(make(incident, "alice", {"kind": "entry_edited", "target": note.id,
                                          "text": "a password in the log"}, clock))  # fmt: skip
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("up")
        await wait_for(pilot, lambda: "edited (v: history)" in screen_text(app), "edited")
        assert "a password in the log" in screen_text(app)
        await pilot.press("R", *"secret", "enter")
        await saved(pilot, screen, 4)
        await wait_for(pilot, lambda: "redacted (v: history)" in screen_text(app), "redacted")
        assert "hunter2" not in screen_text(app)
