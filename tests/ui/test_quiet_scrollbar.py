"""The timeline's scrollbar skips a repaint only when the thumb it would draw is unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.color import Color
from textual.scrollbar import ScrollBarRender

from cockpit.tui.widgets.quiet_scrollbar import thumb


def drawn(size: int, virtual: int, window: int, position: float) -> list:
    bar = ScrollBarRender.render_bar(size=size, virtual_size=virtual, window_size=window,
                                     position=position, back_color=Color.parse("black"),
                                     bar_color=Color.parse("white"))  # fmt: skip
    return [(seg.text, seg.style) for seg in bar.segments]


@st.composite
def geometry(draw):
    size = draw(st.integers(1, 60))
    virtual = draw(st.integers(size + 1, 200_000))
    window = draw(st.integers(1, size))
    position = draw(st.integers(0, virtual - window)) * 1.0
    return size, virtual, window, position


@given(geometry(), st.integers(0, 3), st.integers(0, 3))
def test_same_thumb_means_the_same_cells(g, grow: int, move: int) -> None:
    """Grown and scrolled a little (a new entry, followed): same thumb, same drawing."""
    size, virtual, window, position = g
    after = (size, virtual + grow, window, min(position + move, virtual + grow - window))
    if thumb(*g) == thumb(*after):
        assert drawn(*g) == drawn(*after)


def test_thumb_moves_on_a_short_timeline() -> None:
    assert thumb(33, 40, 33, 0) != thumb(33, 40, 33, 7)
    assert thumb(33, 100_000, 33, 99_967) == thumb(33, 100_001, 33, 99_968)
    assert thumb(33, 20, 33, 0) is None  # everything fits: no thumb


@pytest.mark.parametrize("read_at_start", [True, False])
async def test_the_drawn_thumb_follows_the_timeline(store, clock, demo, monkeypatch,
                                                    read_at_start):  # fmt: skip
    """What the scrollbar last drew is where the timeline is: at the bottom when it opens
    (its first screen read while the app started, or by the screen itself), and still there
    after new entries."""
    from concurrent.futures import Future
    from dataclasses import replace

    from cockpit.tui import app as app_module
    from cockpit.tui.start_read import read_start
    from cockpit.tui.widgets.timeline_view import TimelineView
    from tests.ui.helpers import loaded, make_app, saved

    if not read_at_start:

        def without_first(store, incident):  # the incident found, its rows left to the screen
            future = Future()
            future.set_result(replace(read_start(store, incident), first=None))
            return future

        monkeypatch.setattr(app_module, "start_reading", without_first)
    app = make_app(store, clock, incident=demo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.pause()
        bar = screen.query_one(TimelineView).vertical_scrollbar
        height, (start, end) = bar.cells()
        assert bar.painted == (height, (start, end)) and end == height * 8  # at the bottom
        count = len(screen.session.state.ids)
        await pilot.press("n", *"one more", "enter", *"and another", "enter")
        await saved(pilot, screen, count + 2)
        await pilot.pause()
        assert bar.painted == bar.cells() and bar.cells()[1][1] == height * 8
