"""Finding things in the timeline: filters, incremental search, the decision log, pins,
jump to a time, time display, and follow mode, on the demo incident (120 entries)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cockpit.core.compose import new_event
from cockpit.store import Store
from cockpit.tui.screens.common_ground import CommonGroundScreen
from cockpit.tui.screens.form import FormScreen
from cockpit.tui.widgets.search_bar import SearchBar
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.ui.conftest import DEMO_ID
from tests.ui.helpers import loaded, make_app, saved, screen_text, wait_for


def shown(tl: TimelineView) -> list:
    return [tl.view.row(i) for i in range(len(tl.view))]


async def test_filter_by_kind_author_tag_then_show_all(store, clock, demo):
    store.append(new_event(DEMO_ID, "kim", {"kind": "note", "text": "pool #db saturated"}, clock))
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        tl = screen.query_one(TimelineView)
        total = len(screen.session.timeline)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the filter form")
        await pilot.press("2", *"kim", "enter", "enter")  # notes by kim, any tag
        await wait_for(pilot, lambda: tl.view.active, "the filter")
        rows = shown(tl)
        assert rows and all(r.kind == "note" and r.author == "kim" for r in rows)
        assert "kind: note · by: kim" in screen_text(app)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the filter form")
        # any kind (its Enter confirms the digit), kim kept, tag db
        await pilot.press("1", "enter", "enter", *"#DB", "enter")
        await wait_for(pilot, lambda: tl.view.query.tags, "the tag filter")
        assert [r.text for r in shown(tl)] == ["pool #db saturated"]
        await pilot.press("escape")
        assert not tl.view.active and len(tl.view) == total
        await pilot.press("D")  # the decision log
        assert shown(tl) and all(r.kind == "decision" for r in shown(tl))
        assert "esc Show all" in screen_text(app)  # the footer offers the way back
        await pilot.press("D")
        assert not tl.view.active


async def test_incremental_search_highlights_and_narrows(store, clock, demo):
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        tl = screen.query_one(TimelineView)
        await pilot.press("slash", *"pool")
        await wait_for(pilot, lambda: tl.view.query.text == "pool", "the search")
        pool = len(tl.view)
        assert pool and all("pool" in r.search_text for r in shown(tl))
        await pilot.press(*" 4")
        await wait_for(pilot, lambda: tl.view.query.text == "pool 4", "the longer search")
        assert "Search / pool 4" in screen_text(app)  # what is typed shows (it was hidden)
        assert 0 < len(tl.view) < pool
        assert all("pool 4" in r.search_text for r in shown(tl))
        lines = [tl.render_line(y) for y in range(min(len(tl.view), tl.size.height))]
        marked = [s.text for line in lines for s in line if s.style and s.style.reverse]
        assert len(marked) == len(lines) and set(marked) == {"pool 4"}  # highlighted
        await pilot.press("enter")  # keep it, back to the timeline
        assert screen.focused is tl and tl.view.active
        await pilot.press("slash", "escape")  # Esc in the bar clears the search
        assert not tl.view.active and not screen.query_one(SearchBar).is_open


async def test_follow_mode_and_new_entries_counted_while_scrolled_up(store, clock, demo, db_path):
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        tl = screen.query_one(TimelineView)
        count = len(screen.session.state.ids)
        await pilot.press("n", *"at the bottom", "enter", "escape")
        await saved(pilot, screen, count + 1)
        assert tl.scroll_y == tl.max_scroll_y  # followed
        tl.focus()
        await pilot.press("home")
        top, first, total = tl.scroll_y, tl.view.row(0).id, len(tl.view)
        other = Store.open(db_path)  # another terminal or a script writes
        for i in range(3):
            clock.advance(1)
            other.append(new_event(DEMO_ID, "bob", {"kind": "note", "text": f"far {i}"}, clock))
        early = clock.now() - timedelta(hours=3)  # and one backdated before everything
        other.append(new_event(DEMO_ID, "bob", {"kind": "note", "text": "early"}, clock, at=early))
        other.close()

        def counted() -> bool:
            screen.poll()  # what the half-second timer does
            return len(tl.view) == total + 4

        await wait_for(pilot, counted, "the new entries")
        assert tl.unseen == 3  # the backdated one is not below
        assert tl.view.row(round(tl.scroll_y)).id == first  # what was in view stays in view
        assert tl.scroll_y == top + 1  # (one row was inserted above it)
        assert "↓ 3 new" in screen_text(app)
        await pilot.press("end")
        await wait_for(pilot, lambda: tl.unseen == 0, "the count cleared")
        assert "far 2" in screen_text(app)
        await pilot.click(TimelineView, offset=(5, 3))  # the mouse selects too
        assert tl.selected is not None and tl.selected == round(tl.scroll_y) + 2


async def test_jump_pin_and_times(store, clock, demo):
    yesterday = clock.now() - timedelta(days=1)  # the first alert fired the day before
    store.append(new_event(DEMO_ID, "kim", {"kind": "note", "text": "alert"}, clock, at=yesterday))
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        tl = screen.query_one(TimelineView)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the jump form")
        await pilot.press(*"13:40", "enter")
        await wait_for(pilot, lambda: tl.selected is not None, "a selection")
        row = tl.selected_row
        assert row.at >= datetime(2026, 11, 23, 13, 40, tzinfo=UTC)
        assert tl.view.row(tl.selected - 1).at < datetime(2026, 11, 23, 13, 40, tzinfo=UTC)
        assert row.at.strftime("%m-%d %H:%M:%S") in screen_text(app)  # in view, dated
        await pilot.press("P")  # pin it
        await wait_for(pilot, lambda: row.id in screen.session.state.pinned(), "the pin")
        await pilot.press("b")
        assert [r.id for r in shown(tl)] == [row.id]
        assert "◆" in screen_text(app)
        await pilot.press("b", "z")  # all again; times in UTC
        assert tl.time_mode == "utc" and "Z " in screen_text(app)
        await pilot.press("z")  # since declaration
        assert "T+01:08:00" in screen_text(app)
        await pilot.press("ctrl+p", *"open hypotheses")  # every action is in the palette
        await wait_for(pilot, lambda: "Open hypotheses and" in screen_text(app), "the hit")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CommonGroundScreen), "the view")


async def test_unpinning_the_last_pin_leaves_the_pinned_view(store, clock, demo):
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        tl = screen.query_one(TimelineView)
        await pilot.press("up", "P")  # pin the latest entry
        row = tl.selected_row
        await wait_for(pilot, lambda: row.id in screen.session.state.pinned(), "the pin")
        await pilot.press("b")
        assert [r.id for r in shown(tl)] == [row.id]
        await pilot.press("up", "P")  # unpin it, in the pinned view
        await wait_for(pilot, lambda: not screen.session.state.pinned(), "the unpin")
        await wait_for(pilot, lambda: not tl.view.active, "the whole timeline again")
        assert len(tl.view) == len(screen.session.timeline)
