"""A ContentPane whose text wraps: it asks for a layout when the wrapped height changes, not
only the number of lines (a longer decision on the same number of lines may need one more
row, and a row too few would cut it). Still nothing at all when the text is the same."""

from __future__ import annotations

from rich.text import Text

from cockpit.tui.widgets.content_pane import ContentPane


class WrappedPane(ContentPane):
    def rows(self, text: Text) -> int:
        """The rows `text` takes at this pane's width now (its lines, before the first layout)."""
        width = self.content_size.width
        if width <= 0:
            return text.plain.count("\n") + 1 if text.plain else 0
        return len(text.wrap(self.app.console, width)) if text.plain else 0

    def update_content(self) -> None:
        text = self.build()
        if text == self._content and not self._stale:
            return
        rows = self.rows(text)
        self._content, self._stale = text, False
        if rows != self._lines:
            self._lines = rows
            self.refresh(layout=True)
        else:
            self.refresh()

    def on_resize(self) -> None:
        self._lines = self.rows(self._content)
