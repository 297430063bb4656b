"""A vertical scrollbar that repaints only when its thumb moves on screen.

Each new entry grows the timeline by one line and scrolls it by one, and Textual's ScrollBar
repaints on every change of either (a few ms a time, for a 2x33 strip of colour). With 100,000
entries the thumb is one cell at the bottom and does not move for thousands of entries; this
one repaints only when the cells it draws would change.
"""

from __future__ import annotations

from math import ceil

from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender


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
    # the thumb moves. Hover and grab still repaint as in ScrollBar.
    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)
    position: Reactive[float] = Reactive(0, repaint=False)

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1):
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: tuple | None = None

    def _geometry_changed(self) -> None:
        drawn = (self.size.height, thumb(self.size.height, self.window_virtual_size,
                                         self.window_size, self.position))  # fmt: skip
        if drawn != self._drawn:
            self._drawn = drawn
            self.refresh()

    def watch_window_virtual_size(self) -> None:
        self._geometry_changed()

    def watch_window_size(self) -> None:
        self._geometry_changed()

    def watch_position(self) -> None:
        self._geometry_changed()

    def on_resize(self) -> None:
        self._geometry_changed()
