"""A side pane that shows one block of text and repaints only when that text changes.

Panes are told to `show()` after every saved or arriving entry. Asking Textual for a layout
each time (`refresh(layout=True)`) reflows the whole screen, which made each entry cost tens
of milliseconds; here a layout is asked for only when the number of lines changes, a repaint
only when the text changes, and nothing at all otherwise.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class ContentPane(Widget):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._content = Text()
        self._lines = 0
        self._stale = False

    def build(self) -> Text:
        """The pane's text now (subclasses)."""
        return Text()

    def update_content(self) -> None:
        text = self.build()
        plain = text.plain
        lines = plain.count("\n") + 1 if plain else 0
        if lines != self._lines:
            self._content, self._lines = text, lines
            self.refresh(layout=True)
        elif text != self._content:
            self._content = text
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._stale = True  # a theme change: colours come from it

    def render(self) -> Text:
        if self._stale:
            self._stale = False
            self._content = self.build()
        return self._content.copy()  # rendering may change a Text in place; keep ours whole
