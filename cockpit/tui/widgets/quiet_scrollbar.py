"""A vertical scrollbar that repaints only when its thumb moves on screen.

Each new entry grows the timeline by one line and scrolls it by one, and Textual's ScrollBar
repaints on every change of either (a few ms a time, for a 2x33 strip of colour). With 100,000
entries the thumb is one cell at the bottom and does not move for thousands of entries; this
one repaints only when the cells it draws would change.
"""

from __future__ import annotations

from math import ceil
from typing import cast

from rich.console import RenderableType
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widget import Widget


def thumb(size: int, virtual_size: float, window_size: float, position: float) -> tuple | None:
    """Where the thumb is drawn, in eighths of a cell, as ScrollBarRender.render_bar places
    it (None: no thumb)."""
    virtual, window = ceil(virtual_size), ceil(window_size if window_size < virtual_size else 0)
    if not (window and size and virtual) or size == virtual:
        return None
    eighths = len(ScrollBarRender.VERTICAL_BARS)
    thumb_size = max(1, window / (virtual / size))
    offset = (size - thumb_size) * (position / (virtual - window))
    start = int(offset * eighths)
    return start, start + ceil(thumb_size * eighths)


class QuietScrollBar(ScrollBar):
    # The geometry reactives no longer repaint by themselves; `_geometry_changed` does, when
    # the cells to draw differ from the ones last drawn. Hover and grab repaint as before.
    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)
    position: Reactive[float] = Reactive(0, repaint=False)

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1):
        super().__init__(vertical, name, thickness=thickness)
        self.painted: tuple | None = None  # what the last render drew
        self._check_due = False

    def _scrolled(self) -> float:
        # The timeline's own scroll offset. Textual passes it on only while the bar is shown,
        # so a timeline that scrolled to its end before its first layout left a stale thumb.
        parent = self.parent
        scrolled = self.position if parent is None else cast(Widget, parent).scroll_y
        return self.validate_position(scrolled)

    def cells(self) -> tuple:
        height = self.size.height
        return height, thumb(height, self.window_virtual_size, self.window_size, self._scrolled())

    def _geometry_changed(self) -> None:
        # Checked once the change is over: a new entry grows the range, then scrolls; in
        # between, the thumb is an eighth of a cell higher, and that repaint cost ~2 ms.
        if not self._check_due:
            self._check_due = True
            self.call_later(self._check)

    def _check(self) -> None:
        self._check_due = False
        if self.cells() != self.painted:
            self.refresh()

    def render(self) -> RenderableType:
        self.set_reactive(QuietScrollBar.position, self._scrolled())
        self.painted = self.cells()
        return super().render()

    def watch_window_virtual_size(self) -> None:
        self._geometry_changed()

    def watch_window_size(self) -> None:
        self._geometry_changed()

    def watch_position(self) -> None:
        self._geometry_changed()

    def on_resize(self) -> None:
        self._geometry_changed()
