"""Opening the entry bar is a focus change that repaints only what shows focus: the bar, the
footer and the timeline's selected row, never the whole timeline (it is most of the screen,
and its repaint had Textual compose every pane again: the key that opens the bar must show
within a frame, bench/bench_tui_live.py). The footer draws each set of keys once: opening
the bar again shows the line it drew the first time."""

from __future__ import annotations

from rich.style import Style

from cockpit.tui.widgets.entry_bar import EntryBar
from cockpit.tui.widgets.key_hints import KeyHints
from cockpit.tui.widgets.timeline_view import TimelineView
from tests.conftest import make
from tests.ui.helpers import loaded, make_app, screen_text, wait_for


def count_lines(view: TimelineView) -> list[int]:
    """The lines the timeline paints from now on (its own render_line, wrapped)."""
    painted: list[int] = []
    paint = view.render_line

    def counted(y: int):
        painted.append(y)
        return paint(y)

    view.render_line = counted  # type: ignore[method-assign]
    return painted


def selected_style(view: TimelineView) -> Style:
    y = view.selected - round(view.scroll_y)  # type: ignore[operator]
    return next(s.style for s in view.render_line(y) if s.style and s.style.reverse)


async def test_opening_and_closing_the_bar_paints_no_timeline_line(store, clock, incident):
    for i in range(60):
        store.append(make(incident, "bob", {"kind": "note", "text": f"checked pool {i}"}, clock))
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        view = screen.query_one(TimelineView)
        assert view.has_focus
        painted = count_lines(view)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.query_one(EntryBar).input.has_focus, "the bar")
        await pilot.pause()
        assert not view.has_focus
        assert painted == []  # nothing of the timeline changed: nothing of it is painted
        await pilot.press("escape")
        await wait_for(pilot, lambda: view.has_focus, "the timeline's focus back")
        await pilot.pause()
        assert painted == []


async def test_the_selected_row_alone_shows_where_focus_is(store, clock, incident):
    for i in range(60):
        store.append(make(incident, "bob", {"kind": "note", "text": f"checked pool {i}"}, clock))
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        view = screen.query_one(TimelineView)
        await pilot.press("up", "up")
        await pilot.pause()
        assert selected_style(view).bold  # focused: the selected row is bold
        painted = count_lines(view)
        await pilot.press("n")
        await wait_for(pilot, lambda: screen.query_one(EntryBar).input.has_focus, "the bar")
        await pilot.pause()
        row = view.selected - round(view.scroll_y)  # type: ignore[operator]
        assert set(painted) == {row}  # that row, repainted as not focused; no other
        assert not selected_style(view).bold
        await pilot.press("escape")
        await wait_for(pilot, lambda: view.has_focus, "the timeline's focus back")
        await pilot.pause()
        assert selected_style(view).bold


def count_renders(footer: KeyHints) -> list[int]:
    """The times the footer builds its line from now on (Textual calls `render` for it)."""
    built: list[int] = []
    render = footer.render

    def counted():
        built.append(1)
        return render()

    footer.render = counted  # type: ignore[method-assign]
    return built


async def test_the_footer_draws_each_set_of_keys_once(store, clock, incident):
    app = make_app(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        bar, view = screen.query_one(EntryBar), screen.query_one(TimelineView)
        footer = screen.query_one(KeyHints)
        closed = screen_text(app).splitlines()[-1]
        built = count_renders(footer)
        opened = ""
        for _ in range(3):
            await pilot.press("n")
            await wait_for(pilot, lambda: bar.input.has_focus, "the bar")
            await pilot.pause()
            opened = screen_text(app).splitlines()[-1]
            assert "Close bar" in opened and opened != closed  # the bar's keys, every time
            await pilot.press("escape")
            await wait_for(pilot, lambda: view.has_focus, "the timeline's focus back")
            await pilot.pause()
            assert screen_text(app).splitlines()[-1] == closed
            assert len(built) == 1  # the bar's keys, drawn the first time only
        # A click on a footer shown again from what was drawn presses the key under it, each
        # way (the other footer was the last one built).
        await pilot.click(KeyHints, offset=(closed.index(" Note"), 0))
        await wait_for(pilot, lambda: bar.input.has_focus, "the bar opened from the footer")
        await pilot.pause()
        assert screen_text(app).splitlines()[-1] == opened
        await pilot.click(KeyHints, offset=(opened.index("Close bar"), 0))
        await wait_for(pilot, lambda: view.has_focus, "the bar closed from the footer")
        assert len(built) == 1
