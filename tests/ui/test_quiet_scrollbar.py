"""The timeline's scrollbar skips a repaint only when the thumb it would draw is unchanged."""

from __future__ import annotations

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
